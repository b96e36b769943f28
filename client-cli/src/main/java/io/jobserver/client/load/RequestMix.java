package io.jobserver.client.load;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Share of each request kind in a load test, as weights such as {@code post=80,status=20}.
 *
 * @param postWeight weight of {@code POST /job}
 * @param statusWeight weight of {@code GET /status/{job_id}}
 */
public record RequestMix(int postWeight, int statusWeight) {

    /**
     * Parses a mix such as {@code post=80,status=20}; a kind left out has weight zero.
     *
     * @throws IllegalArgumentException when the text names an unknown kind, a weight is not a whole number of
     *     zero or more, or all weights are zero
     */
    public static RequestMix parse(String text) {
        int post = 0;
        int status = 0;
        boolean postSeen = false;
        boolean statusSeen = false;
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", -1);
            if (pair.length != 2) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not KIND=WEIGHT; use a form like post=80,status=20");
            }
            String kind = pair[0].strip().toLowerCase(Locale.ROOT);
            int weight = parseWeight(pair[1].strip(), part.strip());
            if (kind.equals("post") && !postSeen) {
                post = weight;
                postSeen = true;
            } else if (kind.equals("status") && !statusSeen) {
                status = weight;
                statusSeen = true;
            } else if (kind.equals("post") || kind.equals("status")) {
                throw new IllegalArgumentException("'" + kind + "' appears twice; give each kind once");
            } else {
                throw new IllegalArgumentException("unknown request kind '" + pair[0].strip() + "'; the kinds are post and status");
            }
        }
        if (post + status == 0) {
            throw new IllegalArgumentException("all weights are zero; give at least one kind a positive weight");
        }
        return new RequestMix(post, status);
    }

    private static int parseWeight(String weight, String part) {
        try {
            int value = Integer.parseInt(weight);
            if (value >= 0 && value <= 1_000_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below together with out-of-range values.
        }
        throw new IllegalArgumentException("invalid weight in '" + part + "'; a weight is a whole number from 0 to 1000000");
    }

    /** Returns whether the next request should be a POST, drawn at random by the weights. */
    public boolean nextIsPost(RandomGenerator random) {
        if (statusWeight == 0) {
            return true;
        }
        if (postWeight == 0) {
            return false;
        }
        return random.nextInt(postWeight + statusWeight) < postWeight;
    }

    /** Returns whether any status requests are in the mix. */
    public boolean hasStatusRequests() {
        return statusWeight > 0;
    }

    @Override
    public String toString() {
        return "post=" + postWeight + ",status=" + statusWeight;
    }
}
