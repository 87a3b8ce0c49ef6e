package dev.tether.core;

import dev.tether.testkit.FakeMux;
import dev.tether.testkit.MuxContract;

/** The mux contract, run against the HTTP/1-like fake that the engine tests rely on. */
class FakeHttp1MuxContractTest extends MuxContract {
    @Override
    protected Mux newReadyMux(MuxListener listener) {
        FakeMux m = FakeMux.h1(listener);
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
