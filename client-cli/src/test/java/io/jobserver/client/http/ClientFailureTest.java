package io.jobserver.client.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ClientFailureTest {

    @Test
    void classifiesRefusedConnection() {
        assertThat(ClientFailure.classify(new ConnectException("Connection refused: /127.0.0.1:1")))
                .isEqualTo(ClientFailure.CONNECTION_REFUSED);
    }

    @Test
    void classifiesNestedTooManyOpenFiles() {
        Throwable failure = new VertxException(new IOException("Failed to open a socket.",
                new SocketException("Too many open files")));

        assertThat(ClientFailure.classify(failure)).isEqualTo(ClientFailure.TOO_MANY_OPEN_FILES);
    }

    @Test
    void classifiesTimeouts() {
        assertThat(ClientFailure.classify(new TimeoutException("x"))).isEqualTo(ClientFailure.TIMED_OUT);
        assertThat(ClientFailure.classify(new VertxException("The timeout period of 5000ms has been exceeded while executing GET")))
                .isEqualTo(ClientFailure.TIMED_OUT);
    }

    @Test
    void classifiesUnknownHost() {
        assertThat(ClientFailure.classify(new UnknownHostException("no-such-host"))).isEqualTo(ClientFailure.UNKNOWN_HOST);
    }

    @Test
    void classifiesUnrecognisedFailureAsOther() {
        assertThat(ClientFailure.classify(new IllegalStateException("boom"))).isEqualTo(ClientFailure.OTHER);
    }
}
