package io.jobserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class JobsConfigValidatorTest {

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> JobsConfigValidator.requireValid(configWith(Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void zeroWorkersNamesTheProperty() {
        assertThatThrownBy(() -> JobsConfigValidator.requireValid(configWith(Map.of("jobs.workers", "0"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("jobs.workers must be at least 1, but is 0");
    }

    @Test
    void zeroQueueCapacityNamesTheProperty() {
        assertThatThrownBy(() -> JobsConfigValidator.requireValid(configWith(Map.of("jobs.queue.capacity", "0"))))
                .hasMessageContaining("jobs.queue.capacity must be at least 1");
    }

    @Test
    void maxBelowMinNamesBothProperties() {
        Map<String, String> values = Map.of("jobs.processing-time.min", "10s", "jobs.processing-time.max", "2s");

        assertThatThrownBy(() -> JobsConfigValidator.requireValid(configWith(values)))
                .hasMessageContaining("jobs.processing-time.max (2s) must not be less than jobs.processing-time.min (10s)");
    }

    @Test
    void everyInvalidPropertyIsListed() {
        Map<String, String> values = Map.of(
                "jobs.workers", "-1",
                "jobs.retention.ttl", "0s",
                "jobs.retention.max-finished", "-5",
                "jobs.payload.max-size", "0");

        assertThatThrownBy(() -> JobsConfigValidator.requireValid(configWith(values)))
                .hasMessageContaining("jobs.workers")
                .hasMessageContaining("jobs.retention.ttl must be more than zero")
                .hasMessageContaining("jobs.retention.max-finished must be at least 0")
                .hasMessageContaining("jobs.payload.max-size must be at least 1 byte");
    }

    @Test
    void shortLeaseAndZeroPollIntervalNameTheProperties() {
        Map<String, String> values = Map.of("jobs.lease.timeout", "500ms", "jobs.claim.poll-interval", "0s");

        assertThatThrownBy(() -> JobsConfigValidator.requireValid(configWith(values)))
                .hasMessageContaining("jobs.lease.timeout must be at least 1s, but is PT0.5S")
                .hasMessageContaining("jobs.claim.poll-interval must be more than zero, but is PT0S");
    }

    @Test
    void storeDefaultsToMemoryAndAcceptsPostgres() {
        assertThat(configWith(Map.of()).store()).isEqualTo(JobsConfig.StoreKind.MEMORY);
        assertThat(configWith(Map.of("jobs.store", "postgres")).store()).isEqualTo(JobsConfig.StoreKind.POSTGRES);
    }

    @Test
    void durationsAcceptQuarkusForms() {
        JobsConfig config = configWith(Map.of("jobs.processing-time.min", "200ms", "jobs.processing-time.max", "PT30S"));

        assertThatCode(() -> JobsConfigValidator.requireValid(config)).doesNotThrowAnyException();
    }

    private static JobsConfig configWith(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(JobsConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .addDefaultInterceptors()
                .build();
        return config.getConfigMapping(JobsConfig.class);
    }
}
