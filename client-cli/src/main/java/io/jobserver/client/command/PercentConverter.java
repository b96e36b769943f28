package io.jobserver.client.command;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts a percentage such as {@code 1}, {@code 1%} or {@code 0.5%} to a fraction from 0 to 1. */
public final class PercentConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String value) {
        String text = value.strip();
        if (text.endsWith("%")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        try {
            double percent = Double.parseDouble(text);
            if (percent >= 0 && percent <= 100) {
                return percent / 100;
            }
        } catch (NumberFormatException e) {
            // Reported below together with out-of-range values.
        }
        throw new TypeConversionException("'" + value + "' is not a percentage from 0 to 100, such as 1 or 0.5%");
    }
}
