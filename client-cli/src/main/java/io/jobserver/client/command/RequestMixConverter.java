package io.jobserver.client.command;

import io.jobserver.client.load.RequestMix;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts the {@code --mix} option, such as {@code post=80,status=20}. */
public final class RequestMixConverter implements ITypeConverter<RequestMix> {

    @Override
    public RequestMix convert(String value) {
        try {
            return RequestMix.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
