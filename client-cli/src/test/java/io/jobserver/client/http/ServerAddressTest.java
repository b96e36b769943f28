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
    @ValueSource(strings = {"localhost:8080", "ftp://host", "http://", "http://host:8080/?a=1", "http://ho st"})
    void rejectsWhatIsNotAServerUrl(String url) {
        assertThatThrownBy(() -> ServerAddress.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + url + "'");
    }
}
