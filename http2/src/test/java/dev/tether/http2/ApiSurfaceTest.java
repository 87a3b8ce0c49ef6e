package dev.tether.http2;

import dev.tether.testkit.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of the exported packages is listed in {@code http2/API.md}: a change to the API fails
 * this test until the listing is updated, so it shows in review. Run with
 * {@code -Dtether.api.write=true} to rewrite the listing.
 */
class ApiSurfaceTest {
    @Test
    void apiListingMatchesThePublicApi() throws Exception {
        ApiListing.assertListed("tether-http2", Http2Mux.class, "dev.tether.http2", "dev.tether.http2.frame");
    }
}
