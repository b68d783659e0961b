package dev.wxauth.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README's table of wxauth's metrics, read from README itself: what the dashboard may use and what the server may
 * expose, so that neither drifts from what operators read.
 */
public final class ReadmeMetrics {

	private static final Path README = Path.of("../README.md");

	private static final Pattern ROW = Pattern.compile("^\\| `(wxauth_[a-z_]+)` \\| (counter|gauge|histogram)\\b",
			Pattern.MULTILINE);

	public enum Type {

		COUNTER, GAUGE, HISTOGRAM

	}

	private ReadmeMetrics() {
	}

	/** Each documented metric by its Prometheus name (a histogram without its suffixes), in README's order. */
	public static Map<String, Type> documented() {
		String readme;
		try {
			readme = Files.readString(README);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Type> metrics = new LinkedHashMap<>();
		Matcher row = ROW.matcher(readme);
		while (row.find()) {
			metrics.put(row.group(1), Type.valueOf(row.group(2).toUpperCase(java.util.Locale.ROOT)));
		}
		return metrics;
	}

}
