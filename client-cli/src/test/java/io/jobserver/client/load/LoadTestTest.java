package io.jobserver.client.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobserver.client.http.ClientFailure;
import io.jobserver.client.http.JobServerClient;
import io.jobserver.client.http.ServerAddress;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LoadTestTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void unopenableConnectionIsClientFailure() throws Exception {
        // ServerAddress.parse rejects this port; the record is built directly to reach the path where Vert.x throws
        // instead of failing the connect future.
        ServerAddress outOfRange = new ServerAddress("http://127.0.0.1:99999", "127.0.0.1", 99_999, false, "");
        JobServerClient.Settings clientSettings = new JobServerClient.Settings(1, 16, Duration.ofSeconds(1), Duration.ofSeconds(1), 1);
        LoadSettings settings = new LoadSettings(0, 2, 2, Duration.ofSeconds(10), OptionalLong.of(6), RequestMix.parse("post=100"),
                8, Duration.ofSeconds(1), Duration.ZERO);

        try (JobServerClient client = JobServerClient.create(outOfRange, clientSettings)) {
            LoadResult result = new LoadTest(client, settings, 1, Duration.ofSeconds(5), progress -> { }).run();

            assertThat(result.sent()).isEqualTo(6);
            assertThat(result.responses()).isZero();
            assertThat(result.clientFailures()).isEqualTo(6);
            assertThat(result.failures()).containsOnlyKeys(ClientFailure.OTHER);
        }
    }
}
