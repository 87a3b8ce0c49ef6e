package dev.tether.benchmarks.report;

import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH JSON results into the comparison table the README shows (Tether beside each peer of the
 * same run, with {@code gc.alloc.rate.norm}) and an SVG bar chart of the ratios.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.tether.benchmarks.report.RatioReport [--md FILE]
 * [--svg FILE] RESULT.json...}; the table is printed to standard output as well.
 *
 * <p>Invariants: a row is only ever formed from two results of the same benchmark, thread count and
 * non-implementation parameters; the implementation parameter is the one whose value is
 * {@code tether} ({@code pool}, {@code decoder} or {@code parser}).
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
public final class RatioReport {
    private static final String[] IMPL_PARAMS = {"pool", "decoder", "parser"};

    private RatioReport() {
    }

    /**
     * Reads the results, prints the table, writes the files asked for.
     *
     * @param args {@code [--md FILE] [--svg FILE] RESULT.json...}
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path md = null;
        Path svg = null;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--md")) {
                md = Paths.get(args[++i]);
            } else if (args[i].equals("--svg")) {
                svg = Paths.get(args[++i]);
            } else {
                inputs.add(Paths.get(args[i]));
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("usage: RatioReport [--md FILE] [--svg FILE] RESULT.json...");
        }
        List<Object> results = new ArrayList<>();
        for (Path p : inputs) {
            results.addAll((List<?>) Json.parse(Files.readString(p, StandardCharsets.UTF_8)));
        }
        List<Comparison> rows = compare(results);
        String table = table(rows);
        System.out.print(table);
        if (md != null) {
            Files.writeString(md, table, StandardCharsets.UTF_8);
        }
        if (svg != null) {
            Files.writeString(svg, RatioChart.svg(rows, "Tether ÷ peer, same run (above 1: Tether faster)"),
                    StandardCharsets.UTF_8);
        }
    }

    /**
     * Pairs every peer result with Tether's result for the same case.
     *
     * @param results JMH's result objects, from any number of runs
     * @return the rows, in benchmark, case, thread and peer order
     */
    public static List<Comparison> compare(List<?> results) {
        Map<String, Map<String, Object>> tether = new TreeMap<>();
        Map<String, List<Map<String, Object>>> peers = new TreeMap<>();
        for (Object o : results) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) o;
            String impl = impl(r);
            String key = caseKey(r);
            if ("tether".equals(impl)) {
                tether.put(key, r);
            } else {
                peers.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
        }
        List<Comparison> rows = new ArrayList<>();
        for (Map.Entry<String, List<Map<String, Object>>> e : peers.entrySet()) {
            Map<String, Object> t = tether.get(e.getKey());
            if (t == null) {
                continue;
            }
            for (Map<String, Object> p : e.getValue()) {
                rows.add(row(t, p));
            }
        }
        return rows;
    }

    private static Comparison row(Map<String, Object> t, Map<String, Object> p) {
        Map<String, Object> tm = metric(t);
        Map<String, Object> pm = metric(p);
        String bench = simpleName(t);
        int threads = ((Number) t.get("threads")).intValue();
        String peer = impl(p);
        return new Comparison(bench, otherParams(t), threads, (String) tm.get("scoreUnit"),
                num(tm.get("score")), num(tm.get("scoreError")), alloc(t), peer,
                num(pm.get("score")), num(pm.get("scoreError")), alloc(p), Goals.goal(bench, threads, peer));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metric(Map<String, Object> r) {
        return (Map<String, Object>) r.get("primaryMetric");
    }

    @SuppressWarnings("unchecked")
    private static double alloc(Map<String, Object> r) {
        Map<String, Object> secondary = (Map<String, Object>) r.get("secondaryMetrics");
        Object norm = secondary == null ? null : secondary.get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : num(((Map<String, Object>) norm).get("score"));
    }

    private static double num(Object o) {
        return o instanceof Number ? ((Number) o).doubleValue() : Double.NaN;
    }

    private static String simpleName(Map<String, Object> r) {
        String b = (String) r.get("benchmark");
        String[] parts = b.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : b;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> r) {
        Object p = r.get("params");
        return p == null ? Map.of() : (Map<String, Object>) p;
    }

    private static String impl(Map<String, Object> r) {
        Map<String, Object> params = params(r);
        for (String name : IMPL_PARAMS) {
            if (params.containsKey(name)) {
                return String.valueOf(params.get(name));
            }
        }
        return "";
    }

    private static String otherParams(Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(params(r)).entrySet()) {
            if (!List.of(IMPL_PARAMS).contains(e.getKey())) {
                b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return b.toString();
    }

    private static String caseKey(Map<String, Object> r) {
        return r.get("benchmark") + "|" + r.get("mode") + "|" + r.get("threads") + "|" + otherParams(r);
    }

    /**
     * Formats the rows as a Markdown table.
     *
     * @param rows the comparisons
     * @return the table, one line per row, with a header
     */
    public static String table(List<Comparison> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | case | threads | Tether | Tether B/op | peer | peer time | peer B/op | Tether ÷ peer | goal |\n");
        b.append("|---|---|---:|---:|---:|---|---:|---:|---:|---|\n");
        for (Comparison c : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s ± %s %s | %s | %s | %s ± %s | %s | **%.2f×** | %s |%n",
                    c.benchmark, c.params, c.threads, fmt(c.tether), fmt(c.tetherError), c.unit, fmt(c.tetherAlloc),
                    c.peer, fmt(c.peerScore), fmt(c.peerError), fmt(c.peerAlloc), c.ratio(),
                    Double.isNaN(c.goal) ? "" : String.format(Locale.ROOT, "≥ %.1f× %s", c.goal, c.verdict())));
        }
        return b.toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) < 0.05) {
            return "0";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    }
}
