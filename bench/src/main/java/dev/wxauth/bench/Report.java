package dev.wxauth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JSON lines of a bench run into the Markdown table README shows.
 */
final class Report {

	private Report() {
	}

	static void write(Path jsonLines, Path markdown) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		List<String> rows = new ArrayList<>();
		rows.add("| scenario | load | concurrency | throughput (/s) | p50 ms | p95 ms | p99 ms | errors |");
		rows.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
		List<String> facts = new ArrayList<>();
		for (String line : Files.readAllLines(jsonLines)) {
			if (line.isBlank()) {
				continue;
			}
			JsonNode row = json.readTree(line);
			if (row.has("fact")) {
				facts.add("- " + row.get("fact").asString() + ": " + row.get("value").asString());
				continue;
			}
			rows.add("| " + row.get("scenario").asString() + " | " + row.get("load").asString() + " | "
					+ row.get("concurrency").asInt() + " | " + row.get("throughput").asDouble() + " | " + row.get("p50_ms").asDouble() + " | "
					+ row.get("p95_ms").asDouble() + " | " + row.get("p99_ms").asDouble() + " | "
					+ row.get("errors").asLong() + " |");
		}
		rows.add("");
		rows.addAll(facts);
		Files.write(markdown, rows);
		rows.forEach(System.out::println);
	}

}
