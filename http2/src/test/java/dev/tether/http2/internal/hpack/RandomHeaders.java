package dev.tether.http2.internal.hpack;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded header lists that look like HTTP traffic: repeated names and values, some sensitive, any octet. */
final class RandomHeaders {
    private static final String[] NAMES = {":method", ":path", ":authority", ":status", "cookie", "authorization",
        "user-agent", "accept", "content-length", "etag", "x-request-id", "x-custom", "set-cookie", "date", ""};
    private static final String[] VALUES = {"GET", "/", "/index.html", "200", "example.com", "gzip, deflate", "",
        "Mon, 21 Oct 2013 20:13:21 GMT", "no-cache", "0"};

    private RandomHeaders() {
    }

    /** Returns up to {@code maxFields} fields; {@link Field#neverIndexed()} is the sensitive flag. */
    static List<Field> list(SplittableRandom random, int maxFields) {
        int n = random.nextInt(maxFields + 1);
        List<Field> fields = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(5) == 0 ? octets(random, 12) : NAMES[random.nextInt(NAMES.length)];
            String value = random.nextInt(3) == 0 ? octets(random, random.nextInt(8) == 0 ? 600 : 30)
                    : VALUES[random.nextInt(VALUES.length)];
            fields.add(new Field(name, value, random.nextInt(10) == 0));
        }
        return fields;
    }

    private static String octets(SplittableRandom random, int maxLength) {
        char[] chars = new char[random.nextInt(maxLength + 1)];
        boolean text = random.nextInt(4) != 0;
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (text ? 'a' + random.nextInt(26) : random.nextInt(256));
        }
        return new String(chars);
    }
}
