package io.jobserver.client.command;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts a job ID argument, which job-server issues as a positive whole number. */
public final class JobIdConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        try {
            long id = Long.parseLong(value.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as a non-positive number.
        }
        throw new TypeConversionException("'" + value + "' is not a job ID; job IDs are positive whole numbers such as 42");
    }
}
