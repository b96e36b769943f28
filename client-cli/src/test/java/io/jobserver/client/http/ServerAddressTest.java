package io.jobserver.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

    @Test
    void parsesHostPortAndBasePath() {
        ServerAddress address = ServerAddress.parse("http://127.0.0.1:9000/jobs/");

        assertThat(address.host()).isEqualTo("127.0.0.1");
        assertThat(address.port()).isEqualTo(9000);
        assertThat(address.secure()).isFalse();
        assertThat(address.requestUri("/job")).isEqualTo("/jobs/job");
        assertThat(address.text()).isEqualTo("http://127.0.0.1:9000/jobs");
    }

    @Test
    void takesPortFromScheme() {
        assertThat(ServerAddress.parse("http://localhost").port()).isEqualTo(80);
        assertThat(ServerAddress.parse("https://localhost").port()).isEqualTo(443);
        assertThat(ServerAddress.parse("https://localhost").secure()).isTrue();
    }

    @Test
    void stripsBracketsOfIpv6Host() {
        assertThat(ServerAddress.parse("http://[::1]:8080").host()).isEqualTo("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "ftp://host", "http://", "http://host:8080/?a=1", "http://ho st",
            "http://127.0.0.1:99999", "http://127.0.0.1:70000", "http://127.0.0.1:0", "http://127.0.0.1:abc",
            "http://127.0.0.1:99999999999", "http://user@localhost:8080"})
    void rejectsWhatIsNotAServerUrl(String url) {
        assertThatThrownBy(() -> ServerAddress.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + url + "'");
    }

    @Test
    void rejectsPortOutOfRangeWithRange() {
        assertThatThrownBy(() -> ServerAddress.parse("http://127.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'http://127.0.0.1:70000' has the port 70000, but a TCP port must be from 1 to 65535;"
                        + " use a form like http://localhost:8080");
    }

    @Test
    void acceptsHighestPort() {
        assertThat(ServerAddress.parse("http://127.0.0.1:65535").port()).isEqualTo(65_535);
    }

    @Test
    void namesInvalidPortWhenHostIsPresent() {
        assertThatThrownBy(() -> ServerAddress.parse("http://127.0.0.1:abc"))
                .hasMessageContaining("has an invalid host or port");
    }
}
