package dev.wxauth.server.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import io.micrometer.core.instrument.Meter;

import org.springframework.util.Assert;

/**
 * The meters of one name, one per combination of tag values, each built once. Building a meter again on every
 * request (Micrometer's builders, then the registry's lookup) cost the token endpoint a few percent of its CPU in a
 * profile; a map lookup by the tag values costs next to nothing.
 *
 * @param <M> the kind of meter
 */
public final class MeterCache<M extends Meter> {

	private final ConcurrentMap<List<String>, M> meters = new ConcurrentHashMap<>();

	private final Function<List<String>, M> build;

	/** @param build the meter for tag values, in the order {@link #get} is given them */
	public MeterCache(Function<List<String>, M> build) {
		Assert.notNull(build, "build cannot be null");
		this.build = build;
	}

	public M get(String... tagValues) {
		List<String> key = Arrays.asList(tagValues);
		M meter = this.meters.get(key);
		return (meter != null) ? meter : this.meters.computeIfAbsent(List.of(tagValues), this.build);
	}

}
