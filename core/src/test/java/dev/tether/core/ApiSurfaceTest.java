package dev.tether.core;

import dev.tether.testkit.ApiListing;
import org.junit.jupiter.api.Test;

/**
 * The public API of the exported packages is listed in {@code core/API.md} (OkHttp's {@code .api}
 * habit): a change to the API fails this test until the listing is updated, so it shows in review.
 * Run with {@code -Dtether.api.write=true} to rewrite the listing.
 */
class ApiSurfaceTest {
    @Test
    void apiListingMatchesThePublicApi() throws Exception {
        ApiListing.assertListed("tether-core", ReuseEngine.class, "dev.tether.core", "dev.tether.core.annotations");
    }
}
