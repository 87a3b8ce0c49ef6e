package dev.tether.core;

import dev.tether.testkit.FakeMux;
import dev.tether.testkit.MuxContract;

/** The mux contract, run against the HTTP/2-like fake that the engine tests rely on. */
class FakeHttp2MuxContractTest extends MuxContract {
    @Override
    protected Mux newReadyMux(MuxListener listener) {
        FakeMux m = FakeMux.h2(listener, 100);
        m.ready = true;
        return m;
    }

    @Override
    protected void completeExchange(Mux mux, Object stream) {
        ((FakeMux.Stream) stream).responseStarted = true;
    }

    @Override
    protected void peerCloses(Mux mux) {
        ((FakeMux) mux).peerClose();
    }
}
