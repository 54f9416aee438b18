package dev.outrider.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.Objects;

/**
 * Passes immutable records between verticles of one process by reference. The core's events never
 * leave the process, so encoding for the wire is refused.
 *
 * @param <T> the record type (or the sealed interface of several records)
 */
public final class LocalRecordCodec<T> implements MessageCodec<T, T> {

    private final Class<T> type;

    /** @param type the record type this codec carries */
    public LocalRecordCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        throw new UnsupportedOperationException(type.getName() + " events stay inside the process");
    }

    @Override
    public T decodeFromWire(int position, Buffer buffer) {
        throw new UnsupportedOperationException(type.getName() + " events stay inside the process");
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return "local:" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
