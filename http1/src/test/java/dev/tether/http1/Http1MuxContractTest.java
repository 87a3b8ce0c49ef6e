package dev.tether.http1;

import dev.tether.core.Mux;
import dev.tether.core.MuxListener;
import dev.tether.testkit.MuxContract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The core's mux contract, run against {@link Http1Mux} over real HTTP/1.1 bytes. */
class Http1MuxContractTest extends MuxContract<Http1Exchange> {
    private static final Http1Fields GET = Http1Fields.of("Host", "backend.test");
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);

    @Override
    protected Mux<Http1Exchange> newReadyMux(MuxListener listener) {
        Http1Mux mux = new Http1Mux(listener);
        mux.transportConnected();
        return mux;
    }

    @Override
    protected void completeExchange(Mux<Http1Exchange> mux, Http1Exchange exchange) throws Exception {
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
    protected Class<Http1Exchange> streamType() {
        return Http1Exchange.class;
    }

    @Override
    protected void peerCloses(Mux<Http1Exchange> mux) throws Exception {
        ((Http1Mux) mux).onEndOfInput();
    }
}
