package dev.tether.http1;

import dev.tether.testkit.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of the exported package is listed in {@code http1/API.md}: a change to the API fails
 * this test until the listing is updated, so it shows in review. Run with
 * {@code -Dtether.api.write=true} to rewrite the listing.
 */
class ApiSurfaceTest {
    @Test
    void apiListingMatchesThePublicApi() throws Exception {
        ApiListing.assertListed("tether-http1", Http1Mux.class, "dev.tether.http1");
    }
}
