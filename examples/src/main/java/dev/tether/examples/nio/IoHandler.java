package dev.tether.examples.nio;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.channels.SelectionKey;

/**
 * What an {@link EventLoop} calls when a registered channel is ready.
 *
 * <p>Thread safety: called on the loop thread only.
 */
@ThreadConfined("event loop")
public interface IoHandler {
    /**
     * The channel is ready for some of its interest set.
     *
     * @param key the channel's key
     */
    void onReady(SelectionKey key);

    /**
     * The handler threw, or the loop is stopping: release everything the handler holds.
     *
     * @param cause why
     */
    void onFailure(Exception cause);
}
