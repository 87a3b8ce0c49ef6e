package dev.tether.http2;

/** Uncommitted local placeholder: the skeleton's exported package is empty until the http2 branch lands. */
@dev.tether.core.annotations.ThreadSafe
final class LocalBuildPlaceholder {
    private LocalBuildPlaceholder() {
    }
}
