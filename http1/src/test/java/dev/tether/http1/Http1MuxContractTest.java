package dev.tether.http1;

import dev.tether.core.Mux;
import dev.tether.core.MuxListener;
import dev.tether.testkit.MuxContract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The core's mux contract, run against {@link Http1Mux} over real HTTP/1.1 bytes. */
class Http1MuxContractTest extends MuxContract {
    private static final Http1Fields GET = Http1Fields.of("Host", "backend.test");
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);

    @Override
    protected Mux newReadyMux(MuxListener listener) {
        Http1Mux mux = new Http1Mux(listener);
        mux.transportConnected();
        return mux;
    }

    @Override
    protected void completeExchange(Mux mux, Object stream) throws Exception {
        Http1Exchange exchange = (Http1Exchange) stream;
        exchange.sendRequest("GET", "/", GET);
        exchange.endRequest();
        ByteBuffer out = ByteBuffer.allocate(4096);
        while (exchange.hasOutbound()) {
            exchange.pollOutbound(out);
            out.clear();
        }
        ((Http1Mux) mux).onBytes(ByteBuffer.wrap(OK));
    }

    @Override
    protected void peerCloses(Mux mux) throws Exception {
        ((Http1Mux) mux).onEndOfInput();
    }
}
