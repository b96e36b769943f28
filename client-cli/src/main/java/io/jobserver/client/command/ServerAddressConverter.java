package io.jobserver.client.command;

import io.jobserver.client.http.ServerAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts the {@code --url} option to a {@link ServerAddress}. */
public final class ServerAddressConverter implements ITypeConverter<ServerAddress> {

    @Override
    public ServerAddress convert(String value) {
        try {
            return ServerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
