package dev.tether.core.internal;

import dev.tether.core.annotations.ThreadConfined;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.tether.ConnectionClosed}: one backend connection closed by the engine,
 * with its {@code CloseReason} and how many streams (requests) it carried.
 *
 * <p>Invariants: made and committed only by {@link FlightEvents}, once per connection, after its
 * transport was closed and with no lock held.
 *
 * <p>Thread safety: confined to the closing thread.
 */
@ThreadConfined("closing thread")
@Name("dev.tether.ConnectionClosed")
@Label("Connection Closed")
@Category("Tether")
@Description("A backend connection closed by the reuse engine, why, and how many requests it served")
@StackTrace(false)
final class ConnectionClosedEvent extends Event {
    @Label("Target")
    String target;

    @Label("Close Reason")
    @Description("Why it was closed (CloseReason)")
    String reason;

    @Label("Streams Served")
    @Description("How many streams (requests) the connection carried")
    int streams;

    @Label("Connection Id")
    long connection;
}
