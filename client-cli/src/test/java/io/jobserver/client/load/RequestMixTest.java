package io.jobserver.client.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestMixTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "post=80,status=20; 80; 20",
            "status=1; 0; 1",
            "POST=3 , status = 1; 3; 1",
            "post=100; 100; 0"
    })
    void parsesWeights(String text, int post, int status) {
        assertThat(RequestMix.parse(text)).isEqualTo(new RequestMix(post, status));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "post; is not KIND=WEIGHT",
            "post=-1; invalid weight",
            "post=x; invalid weight",
            "get=10; unknown request kind 'get'",
            "post=0,status=0; all weights are zero",
            "post=1,post=2; appears twice"
    })
    void rejectsInvalidMix(String text, String message) {
        assertThatThrownBy(() -> RequestMix.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void drawsKindsInProportionToWeights() {
        RequestMix mix = new RequestMix(80, 20);
        SplittableRandom random = new SplittableRandom(42);

        int posts = 0;
        for (int i = 0; i < 10_000; i++) {
            posts += mix.nextIsPost(random) ? 1 : 0;
        }

        assertThat(posts).isBetween(7_700, 8_300);
    }

    @Test
    void zeroWeightKindIsNeverDrawn() {
        SplittableRandom random = new SplittableRandom(7);

        for (int i = 0; i < 1_000; i++) {
            assertThat(new RequestMix(0, 5).nextIsPost(random)).isFalse();
            assertThat(new RequestMix(5, 0).nextIsPost(random)).isTrue();
        }
    }
}
