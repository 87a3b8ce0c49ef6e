package dev.tether.http2.internal.hpack;

import java.util.ArrayList;
import java.util.List;

/** A {@link HeaderListener} that keeps every field it receives, in order. Not thread-safe. */
final class RecordingListener implements HeaderListener {
    final List<Field> fields = new ArrayList<>();

    @Override
    public void onHeader(String name, String value, boolean neverIndexed) {
        fields.add(new Field(name, value, neverIndexed));
    }
}
