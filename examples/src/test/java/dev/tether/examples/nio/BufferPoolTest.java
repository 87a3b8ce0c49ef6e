package dev.tether.examples.nio;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A loop's buffer pool: lends cleared buffers, reuses returned ones, keeps a bounded free list. */
class BufferPoolTest {
    @Test
    void aReleasedBufferIsLentAgainClearedAndTheCountsFollow() {
        BufferPool pool = new BufferPool(1024, 2);
        ByteBuffer a = pool.acquire();
        a.put((byte) 1).flip();
        assertThat(pool.outstanding()).isEqualTo(1);
        pool.release(a);
        assertThat(pool.outstanding()).isZero();
        assertThat(pool.pooled()).isEqualTo(1);
        ByteBuffer b = pool.acquire();
        assertThat(b).isSameAs(a);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(1024);
        assertThat(pool.created()).isEqualTo(1);
    }

    @Test
    void theFreeListIsBoundedAndTheRestIsLeftToTheCollector() {
        BufferPool pool = new BufferPool(64, 2);
        ByteBuffer[] lent = {pool.acquire(), pool.acquire(), pool.acquire()};
        for (ByteBuffer b : lent) {
            pool.release(b);
        }
        assertThat(pool.pooled()).isEqualTo(2);
        assertThat(pool.outstanding()).isZero();
    }

    @Test
    void aForeignBufferIsRefused() {
        BufferPool pool = new BufferPool(64, 2);
        assertThatThrownBy(() -> pool.release(ByteBuffer.allocate(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BufferPool(0, 1)).hasMessage("bufferSize < 1: 0");
        assertThatThrownBy(() -> new BufferPool(8, -1)).hasMessage("maxPooled < 0: -1");
    }

    @Test
    void aBufferReleasedTwiceIsCaughtWhenAssertionsAreOn() {
        BufferPool pool = new BufferPool(64, 2);
        ByteBuffer a = pool.acquire();
        pool.release(a);
        assertThatThrownBy(() -> pool.release(a)).isInstanceOf(AssertionError.class).hasMessageContaining("released twice");
    }

    @Test
    void aBufferWrittenAfterItsReleaseIsCaughtAtTheNextAcquire() {
        BufferPool pool = new BufferPool(64, 2);
        ByteBuffer a = pool.acquire();
        pool.release(a);
        a.put(3, (byte) 'G'); // a borrower that kept its reference
        assertThatThrownBy(pool::acquire).isInstanceOf(AssertionError.class).hasMessageContaining("at byte 3: G");
    }

    @Test
    void aBufferMovedAfterItsReleaseIsCaughtAtTheNextAcquire() {
        BufferPool pool = new BufferPool(64, 2);
        ByteBuffer a = pool.acquire();
        pool.release(a);
        a.position(a.limit()); // the next borrower would send 64 bytes nobody wrote
        assertThatThrownBy(pool::acquire).isInstanceOf(AssertionError.class).hasMessageContaining("moved after its release");
    }
}
