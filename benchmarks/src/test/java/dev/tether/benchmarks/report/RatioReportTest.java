package dev.tether.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatioReportTest {
    private static String result(String pool, int connections, int threads, double score, double alloc) {
        return "{\"benchmark\": \"dev.tether.benchmarks.AcquireReleaseBenchmark.acquireRelease\", \"mode\": \"avgt\","
                + " \"threads\": " + threads + ", \"params\": {\"pool\": \"" + pool + "\", \"connections\": \"" + connections + "\"},"
                + " \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 1.5, \"scoreUnit\": \"ns/op\"},"
                + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": " + alloc + ", \"scoreUnit\": \"B/op\"}}}";
    }

    private static List<?> results(String... objects) {
        return (List<?>) Json.parse("[" + String.join(",", objects) + "]");
    }

    @Test
    void eachPeerIsComparedWithTetherOfTheSameCaseAndThreadCount() {
        List<Comparison> rows = RatioReport.compare(results(
                result("tether", 16, 1, 50, 0), result("httpcore5-strict", 16, 1, 200, 352),
                result("tether", 16, 2, 100, 0), result("httpcore5-lax", 16, 2, 150, 192),
                result("jetty-concurrent", 1, 1, 10, 0)));  // no Tether result for this case: no row
        assertThat(rows).hasSize(2);
        Comparison strict = rows.stream().filter(r -> r.peer.equals("httpcore5-strict")).findFirst().orElseThrow();
        assertThat(strict.ratio()).isEqualTo(4.0);
        assertThat(strict.verdict()).isEqualTo("met");
        Comparison lax = rows.stream().filter(r -> r.peer.equals("httpcore5-lax")).findFirst().orElseThrow();
        assertThat(lax.ratio()).isEqualTo(1.5);
        assertThat(lax.verdict()).isEqualTo("missed");
    }

    @Test
    void theTableShowsBothScoresTheAllocationsAndTheRatio() {
        String table = RatioReport.table(RatioReport.compare(results(
                result("tether", 1, 1, 50, 0.001), result("httpcore5-strict", 1, 1, 200, 352))));
        assertThat(table).contains("| AcquireReleaseBenchmark | connections=1 | 1 | 50.0 ± 1.5 ns/op | 0 | httpcore5-strict | 200 ± 1.5 | 352 | **4.00×** | ≥ 3.0× met |");
    }

    @Test
    void theChartIsAWellFormedSvgWithOneBarPerRow() throws Exception {
        List<Comparison> rows = RatioReport.compare(results(
                result("tether", 1, 1, 50, 0), result("httpcore5-strict", 1, 1, 200, 352),
                result("jetty-concurrent", 1, 1, 10, 0)));
        String svg = RatioChart.svg(rows, "ratios <test> & more");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(1 + rows.size());
    }

    @Test
    void jsonReaderRejectsTrailingGarbageAndReadsJmhNumbers() {
        assertThat(Json.parse("{\"a\": [1, 2.5e1, \"NaN\", true, null]}").toString()).isEqualTo("{a=[1.0, 25.0, NaN, true, null]}");
        assertThatThrownBy(() -> Json.parse("[1] x")).isInstanceOf(IllegalArgumentException.class);
    }
}
