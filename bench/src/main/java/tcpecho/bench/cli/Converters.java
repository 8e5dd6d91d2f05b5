package tcpecho.bench.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value parsers that reject bad values with the rule that was broken. */
final class Converters {
    private Converters() {
    }

    static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }

    /** 1 or more. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parseInt(value);
            if (n < 1) {
                throw new TypeConversionException("must be at least 1, was " + value);
            }
            return n;
        }
    }

    /** 0 or more. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parseInt(value);
            if (n < 0) {
                throw new TypeConversionException("must be 0 or more, was " + value);
            }
            return n;
        }
    }

    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = parseInt(value);
            if (n < 1 || n > 65535) {
                throw new TypeConversionException("port must be 1-65535, was " + value);
            }
            return n;
        }
    }

    /** A positive time: {@code 10} (seconds), {@code 10s}, {@code 500ms}, {@code 2m}; nanoseconds. */
    static final class Duration implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            TimeUnit unit = TimeUnit.SECONDS;
            if (v.endsWith("ms")) {
                unit = TimeUnit.MILLISECONDS;
                v = v.substring(0, v.length() - 2);
            } else if (v.endsWith("s")) {
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                unit = TimeUnit.MINUTES;
                v = v.substring(0, v.length() - 1);
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (use e.g. 10, 10s, 500ms, 2m)");
            }
            if (n <= 0) {
                throw new TypeConversionException("must be greater than 0, was " + value);
            }
            return unit.toNanos(n);
        }
    }
}
