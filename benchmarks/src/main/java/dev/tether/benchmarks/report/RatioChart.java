package dev.tether.benchmarks.report;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;
import java.util.Locale;

/**
 * Draws the comparisons as a horizontal bar chart in SVG: one bar per row, on a logarithmic axis
 * centred on 1× (bars to the right, green: Tether faster; to the left, red: the peer faster), with a
 * black tick at the row's goal where the issue sets one.
 *
 * <p>Invariants: the output is a standalone SVG document with no script and no external reference;
 * ratios outside [1/32, 32] are clipped to the axis and labelled with their value.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class RatioChart {
    private static final int LABEL_WIDTH = 430;
    private static final int PLOT_WIDTH = 520;
    private static final int ROW = 20;
    private static final int TOP = 56;
    private static final double MAX_LOG2 = 5; // ±32×

    private RatioChart() {
    }

    static String svg(List<Comparison> rows, String title) {
        int height = TOP + rows.size() * ROW + 40;
        int width = LABEL_WIDTH + PLOT_WIDTH + 90;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">%n", width, height));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        b.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", esc(title)));
        axis(b, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            bar(b, rows.get(i), TOP + i * ROW);
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double x(double ratio) {
        double l = Math.max(-MAX_LOG2, Math.min(MAX_LOG2, Math.log(ratio) / Math.log(2)));
        return LABEL_WIDTH + PLOT_WIDTH / 2.0 + l / MAX_LOG2 * (PLOT_WIDTH / 2.0);
    }

    private static void axis(StringBuilder b, int n) {
        int bottom = TOP + n * ROW;
        for (double t : new double[] {1 / 32.0, 1 / 8.0, 0.5, 1, 2, 8, 32}) {
            double x = x(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, TOP - 6, x, bottom, t == 1 ? "#000" : "#ddd"));
            String label = t >= 1 ? String.format(Locale.ROOT, "%.0f×", t) : String.format(Locale.ROOT, "1/%.0f", 1 / t);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>%n",
                    x, TOP - 10, label));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">green: Tether faster; red: peer faster; "
                + "black tick: the issue's goal</text>%n", LABEL_WIDTH, bottom + 24));
    }

    private static void bar(StringBuilder b, Comparison c, int y) {
        double r = c.ratio();
        double x0 = x(1);
        double x1 = Double.isNaN(r) ? x0 : x(r);
        String color = r >= 1 ? "#2e8b57" : "#c0392b";
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                LABEL_WIDTH - 8, y + 14, esc(c.label())));
        b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                Math.min(x0, x1), y + 3, Math.max(1, Math.abs(x1 - x0)), ROW - 6, color));
        if (!Double.isNaN(c.goal)) {
            double g = x(c.goal);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>%n",
                    g, y + 1, g, y + ROW - 1));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333\">%s×</text>%n",
                Math.max(x0, x1) + 4, y + 14, Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r)));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
