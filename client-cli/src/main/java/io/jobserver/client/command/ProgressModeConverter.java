package io.jobserver.client.command;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts the {@code --progress} option, given in any case, to a {@link ProgressMode}. */
public final class ProgressModeConverter implements ITypeConverter<ProgressMode> {

    @Override
    public ProgressMode convert(String value) {
        try {
            return ProgressMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a progress mode; use one of " + names());
        }
    }

    /** Returns the mode names as users type them, such as {@code auto, bar, lines or none}. */
    static String names() {
        String[] names = Arrays.stream(ProgressMode.values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
        String allButLast = Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", "));
        return allButLast + " or " + names[names.length - 1];
    }
}
