package io.jobserver.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser();

    @Test
    void parsesContentLengthResponse() {
        parser.expect(true);

        boolean complete = parser.feed(Buffer.buffer("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\n"
                + "content-length: 12\r\nLocation: /status/1\r\n\r\n{\"job_id\":1}"));

        assertThat(complete).isTrue();
        assertThat(parser.statusCode()).isEqualTo(202);
        assertThat(parser.body().toString()).isEqualTo("{\"job_id\":1}");
        assertThat(parser.isConnectionClose()).isFalse();
    }

    @Test
    void waitsForResponseSplitAcrossChunks() {
        parser.expect(true);

        assertThat(parser.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nContent-Le"))).isFalse();
        assertThat(parser.feed(Buffer.buffer("ngth: 5\r\n\r\nab"))).isFalse();
        assertThat(parser.feed(Buffer.buffer("cde"))).isTrue();

        assertThat(parser.body().toString()).isEqualTo("abcde");
    }

    @Test
    void parsesChunkedBodyWithExtensionsAndTrailers() {
        parser.expect(true);

        boolean complete = parser.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;note=x\r\nWiki\r\n5\r\npedia\r\n0\r\nExpires: never\r\n\r\n"));

        assertThat(complete).isTrue();
        assertThat(parser.body().toString()).isEqualTo("Wikipedia");
    }

    @Test
    void parsesSecondResponseOnSameConnection() {
        parser.expect(false);
        assertThat(parser.feed(Buffer.buffer("HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"))).isTrue();

        parser.expect(false);
        boolean complete = parser.feed(Buffer.buffer("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"));

        assertThat(complete).isTrue();
        assertThat(parser.statusCode()).isEqualTo(503);
        assertThat(parser.body()).isNull();
    }

    @Test
    void bodyUntilCloseCompletesOnClose() {
        parser.expect(true);

        assertThat(parser.feed(Buffer.buffer("HTTP/1.0 200 OK\r\n\r\nstream"))).isFalse();

        assertThat(parser.closeReceived()).isTrue();
        assertThat(parser.isConnectionClose()).isTrue();
        assertThat(parser.body().toString()).isEqualTo("stream");
    }

    @Test
    void notesConnectionClose() {
        parser.expect(false);

        parser.feed(Buffer.buffer("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n"));

        assertThat(parser.isConnectionClose()).isTrue();
    }

    @Test
    void rejectsWhatIsNotHttp() {
        parser.expect(false);

        assertThatThrownBy(() -> parser.feed(Buffer.buffer("SSH-2.0-OpenSSH\r\n\r\n")))
                .isInstanceOf(IllegalStateException.class);
    }
}
