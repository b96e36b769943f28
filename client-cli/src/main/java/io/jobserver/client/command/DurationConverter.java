package io.jobserver.client.command;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts option values such as {@code 500ms}, {@code 1s}, {@code 1.5m}, {@code 2h} or ISO-8601 {@code PT30S} to a {@link Duration}. */
public final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String text = value.strip();
        if (text.startsWith("-")) {
            // Parse the rest only to choose the message: a negative duration gets a clearer one than any other text.
            parse(value, text.substring(1));
            throw negative(value);
        }
        Duration duration = parse(value, text);
        if (duration.isNegative()) {
            throw negative(value);
        }
        return duration;
    }

    /** Parses {@code text}, a part of the option value {@code value}, which error messages show in full. */
    private static Duration parse(String value, String part) {
        String text = part.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(value);
            }
        }
        Matcher matcher = NUMBER_WITH_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw notADuration(value);
        }
        BigDecimal amount = new BigDecimal(matcher.group(1));
        BigDecimal millisPerUnit = switch (matcher.group(2)) {
            case "ms" -> BigDecimal.ONE;
            case "s" -> BigDecimal.valueOf(1_000);
            case "m" -> BigDecimal.valueOf(60_000);
            default -> BigDecimal.valueOf(3_600_000);
        };
        try {
            return Duration.ofMillis(amount.multiply(millisPerUnit).longValueExact());
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number of milliseconds or is too large");
        }
    }

    private static TypeConversionException negative(String value) {
        return new TypeConversionException("'" + value + "' is negative; a duration must be positive, such as 500ms or 1s");
    }

    private static TypeConversionException notADuration(String value) {
        return new TypeConversionException("'" + value + "' is not a duration; use a number with a unit"
                + " (ms, s, m, h) such as 500ms, 1s or 2m, or ISO-8601 such as PT30S");
    }
}
