package dev.tether.http2;

import dev.tether.core.Mux;
import dev.tether.core.MuxListener;
import dev.tether.testkit.MuxContract;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/** Core's mux contract (R39–R46, R62, R71), run against {@link Http2Mux} with an in-memory server. */
class Http2MuxContractTest extends MuxContract<Http2Stream> {
    private final Map<Mux<Http2Stream>, Http2Connection> servers = new IdentityHashMap<>();
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

    @Override
    protected Mux<Http2Stream> newReadyMux(MuxListener listener) throws Exception {
        Http2Mux mux = new Http2Mux(listener, Http2Config.defaults());
        Http2Connection server = new Http2Connection(Role.SERVER, Http2Config.defaults());
        servers.put(mux, server);
        pump(mux, server);
        return mux;
    }

    private void pump(Http2Mux mux, Http2Connection server) throws Exception {
        for (int i = 0; i < 100 && (mux.connection().pendingOutbound() > 0 || server.pendingOutbound() > 0); i++) {
            buf.clear();
            mux.pollOutbound(buf);
            server.onBytes(buf.flip(), new RecordingListener());
            buf.clear();
            server.pollOutbound(buf);
            mux.onBytes(buf.flip());
        }
    }

    @Override
    protected void completeExchange(Mux<Http2Stream> mux, Http2Stream s) throws Exception {
        Http2Mux m = (Http2Mux) mux;
        Http2Connection server = servers.get(mux);
        s.sendHeaders(Wire.REQUEST, true);
        pump(m, server);
        server.sendHeaders(s.id(), Wire.RESPONSE, false);
        server.sendData(s.id(), ByteBuffer.wrap(new byte[] {'o', 'k'}), true);
        pump(m, server);
    }

    @Override
    protected Class<Http2Stream> streamType() {
        return Http2Stream.class;
    }

    @Override
    protected void peerCloses(Mux<Http2Stream> mux) {
        ((Http2Mux) mux).onEndOfInput();
    }
}
