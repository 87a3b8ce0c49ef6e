package dev.tether.core.internal;

import dev.tether.core.annotations.ThreadConfined;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.tether.Purge}: one purge pass over a target's parked connections
 * (R55): how many it closed and the need estimate it left. Its duration is the pass's.
 *
 * <p>Invariants: made and committed only by {@link FlightEvents}, once per pass that found parked
 * connections, after the target's locks were released.
 *
 * <p>Thread safety: confined to the thread that runs {@code maintain}.
 */
@ThreadConfined("maintain thread")
@Name("dev.tether.Purge")
@Label("Purge")
@Category("Tether")
@Description("A purge pass over a target's parked connections: how many it closed and the need estimate it left")
@StackTrace(false)
final class PurgeEvent extends Event {
    @Label("Target")
    String target;

    @Label("Closed")
    @Description("Parked connections this pass closed")
    long closed;

    @Label("Parked")
    @Description("Parked connections before the pass")
    long parked;

    @Label("Need Estimate")
    @Description("The estimated need after the pass (HAProxy need_conn_est)")
    long estimate;
}
