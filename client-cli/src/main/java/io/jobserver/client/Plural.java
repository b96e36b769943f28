package io.jobserver.client;

/** Formats counts with an English noun in singular or plural, such as {@code 1 job} and {@code 2 jobs}. */
public final class Plural {

    private Plural() {
    }

    /** Returns the count followed by the noun, adding an "s" to the noun's last word unless the count is 1. */
    public static String of(long count, String singular) {
        return count + " " + (count == 1 ? singular : singular + "s");
    }
}
