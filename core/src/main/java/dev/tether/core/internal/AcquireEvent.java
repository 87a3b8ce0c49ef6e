package dev.tether.core.internal;

import dev.tether.core.annotations.ThreadConfined;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.tether.Acquire}: one lease served by {@code ReuseEngine.acquire} (or a
 * waiting lease served later, E3), on a reused connection or on a new one, with the reason it is new
 * (E4). Its duration is the acquire's.
 *
 * <p>Invariants: made and committed only by {@link FlightEvents}, and only while JFR records it.
 *
 * <p>Thread safety: confined to the acquiring thread.
 */
@ThreadConfined("session loop")
@Name("dev.tether.Acquire")
@Label("Acquire")
@Category("Tether")
@Description("A lease served by the reuse engine: on a reused connection, or on a new one and why")
@StackTrace(false)
final class AcquireEvent extends Event {
    @Label("Target")
    String target;

    @Label("Reused")
    @Description("True if the connection existed before this acquire")
    boolean reused;

    @Label("Connect Reason")
    @Description("Why a new connection was opened (ConnectReason); empty when reused")
    String connectReason;

    @Label("Connection Id")
    long connection;
}
