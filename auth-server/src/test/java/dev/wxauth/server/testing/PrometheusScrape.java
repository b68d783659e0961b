package dev.wxauth.server.testing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

/**
 * Prometheus's text exposition format, parsed: each sample by its name and labels. Tests take two scrapes and read
 * how far the series moved between them ({@link #since}), summed over the series that match the labels given.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	private final Map<Series, Double> samples;

	private PrometheusScrape(Map<Series, Double> samples) {
		this.samples = samples;
	}

	/** @throws IllegalArgumentException for a line that is neither a comment nor a sample */
	public static PrometheusScrape parse(String exposition) {
		Map<Series, Double> samples = new LinkedHashMap<>();
		for (String line : exposition.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line.strip());
			Assert.isTrue(sample.matches(), () -> "Not a sample: " + line);
			Map<String, String> labels = new HashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				int end = 0;
				while (label.find() && label.start() == end) {
					labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
					end = label.end();
				}
				Assert.isTrue(end == sample.group(2).length(), () -> "Unreadable labels: " + line);
			}
			samples.put(new Series(sample.group(1), Map.copyOf(labels)), Double.parseDouble(sample.group(3)));
		}
		return new PrometheusScrape(samples);
	}

	/** How far every series moved since {@code earlier}; a series new since then counts from zero. */
	public PrometheusScrape since(PrometheusScrape earlier) {
		Map<Series, Double> moved = new LinkedHashMap<>();
		this.samples.forEach((series, value) -> moved.put(series, value - earlier.samples.getOrDefault(series, 0.0)));
		return new PrometheusScrape(moved);
	}

	/**
	 * The sum of the samples named {@code name} whose labels include {@code labels}; 0 when none.
	 * @param labels label names and values, alternating
	 */
	public double sum(String name, String... labels) {
		Assert.isTrue(labels.length % 2 == 0, "labels come in name-value pairs");
		return this.samples.entrySet()
			.stream()
			.filter((sample) -> sample.getKey().name().equals(name) && sample.getKey().has(labels))
			.mapToDouble(Map.Entry::getValue)
			.sum();
	}

	/** The names of the samples, each once. */
	public Set<String> names() {
		return this.samples.keySet().stream().map(Series::name).collect(Collectors.toCollection(TreeSet::new));
	}

	/** Whether any sample has this name. */
	public boolean has(String name) {
		return this.samples.keySet().stream().anyMatch((series) -> series.name().equals(name));
	}

	/** The label sets of the samples named {@code name}. */
	public List<Map<String, String>> labelsOf(String name) {
		return this.samples.keySet().stream().filter((series) -> series.name().equals(name)).map(Series::labels).toList();
	}

	private record Series(String name, Map<String, String> labels) {

		boolean has(String... pairs) {
			for (int i = 0; i < pairs.length; i += 2) {
				if (!pairs[i + 1].equals(this.labels.get(pairs[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
