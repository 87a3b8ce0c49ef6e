package dev.tether.core;

import dev.tether.testkit.FakeMux;
import dev.tether.testkit.MuxContract;

/** The mux contract, run against the HTTP/1-like fake that the engine tests rely on. */
class FakeHttp1MuxContractTest extends MuxContract<FakeMux.FakeStream> {
    @Override
    protected Mux<FakeMux.FakeStream> newReadyMux(MuxListener listener) {
        FakeMux m = FakeMux.h1(listener);
        m.ready = true;
        return m;
    }

    @Override
    protected void completeExchange(Mux<FakeMux.FakeStream> mux, FakeMux.FakeStream stream) {
        stream.responseStarted = true;
    }

    @Override
    protected Class<FakeMux.FakeStream> streamType() {
        return FakeMux.FakeStream.class;
    }

    @Override
    protected void peerCloses(Mux<FakeMux.FakeStream> mux) {
        ((FakeMux) mux).peerClose();
    }
}
