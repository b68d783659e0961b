package dev.wxauth.server.management;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.wxauth.server.testing.ReadmeMetrics;
import dev.wxauth.server.testing.ReadmeMetrics.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard shipped in {@code ops/grafana/wxauth.json} queries only the metrics wxauth exposes, under
 * their current names: renaming a metric without the dashboard (or the table below, which mirrors README's "wxauth's
 * metrics") fails here rather than in front of someone on call.
 */
class GrafanaDashboardTests {

	static final Path DASHBOARD = Path.of("../ops/grafana/wxauth.json");

	/** README's table "wxauth's metrics". */
	static final Map<String, Type> METRICS = ReadmeMetrics.documented();

	/** What on call opens first, in the dashboard's first row. */
	static final List<String> ON_CALL_PANELS = List.of("Login success rate by app", "Logins by outcome",
			"WeChat errcodes", "Token endpoint p99 by grant type", "WeChat call p99 by API",
			"Phone numbers billed (dashboard range)", "Phone numbers billed per day");

	static final Set<String> PROMQL_FUNCTIONS = Set.of("sum", "avg", "min", "max", "count", "topk", "bottomk",
			"quantile", "stddev", "rate", "irate", "increase", "delta", "deriv", "resets", "changes",
			"histogram_quantile", "clamp", "clamp_min", "clamp_max", "abs", "round", "ceil", "floor", "absent",
			"vector", "scalar", "time", "timestamp", "sort", "sort_desc", "label_replace", "predict_linear",
			"avg_over_time", "min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time");

	static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left",
			"group_right");

	static final Pattern WXAUTH_NAME = Pattern.compile("wxauth_[a-z_]+");

	static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([A-Za-z_:][\\w:]*)(\\s*\\()?");

	static JsonNode dashboard;

	@BeforeAll
	static void read() throws IOException {
		dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
	}

	static Set<String> knownSeries() {
		Set<String> series = new HashSet<>();
		METRICS.forEach((name, type) -> {
			if (type == Type.HISTOGRAM) {
				Stream.of("_bucket", "_count", "_sum", "_max").forEach((suffix) -> series.add(name + suffix));
			}
			else {
				series.add(name);
			}
		});
		return series;
	}

	/** Every panel, those inside a collapsed row too, in the dashboard's order; rows included. */
	static List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels").values()) {
			panels.add(panel);
			panels.addAll(panel.path("panels").values());
		}
		return panels;
	}

	static boolean isRow(JsonNode panel) {
		return "row".equals(text(panel, "type"));
	}

	static List<JsonNode> queryPanels() {
		return panels().stream().filter((panel) -> !isRow(panel)).toList();
	}

	static List<String> expressions() {
		return queryPanels().stream()
			.flatMap((panel) -> panel.path("targets").values().stream())
			.map((target) -> text(target, "expr"))
			.toList();
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.stringValue() : "";
	}

	static JsonNode variable(String name) {
		return dashboard.path("templating").path("list").values().stream()
			.filter((variable) -> name.equals(text(variable, "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no template variable " + name));
	}

	/**
	 * The identifiers an expression uses as series: what is left once strings, label matchers, ranges, grouping
	 * labels, function calls and keywords are taken out. A call of anything that is not a PromQL function is named
	 * too, as {@code name(}.
	 */
	static Set<String> seriesNamed(String expr) {
		String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", "\"\"")
			.replaceAll("\\{[^}]*\\}", "{}")
			.replaceAll("\\[[^\\]]*\\]", "[]")
			.replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> named = new LinkedHashSet<>();
		Matcher identifier = IDENTIFIER.matcher(bare);
		while (identifier.find()) {
			String name = identifier.group(1);
			boolean call = identifier.group(2) != null;
			if (call && !PROMQL_FUNCTIONS.contains(name)) {
				named.add(name + "(");
			}
			else if (!call && !PROMQL_KEYWORDS.contains(name)) {
				named.add(name);
			}
		}
		return named;
	}

	@Test
	void dashboardWhenReadThenGrafanaJsonModelWithAPrometheusDatasourceVariable() {
		assertThat(dashboard.path("schemaVersion").intValue(0)).isGreaterThanOrEqualTo(39);
		assertThat(text(dashboard, "title")).isNotEmpty();
		JsonNode datasource = variable("datasource");
		assertThat(text(datasource, "type")).isEqualTo("datasource");
		assertThat(text(datasource, "query")).isEqualTo("prometheus");
	}

	@Test
	void panelsWhenReadThenEachHasATitleADescriptionAQueryAndItsOwnId() {
		assertThat(queryPanels()).isNotEmpty().allSatisfy((panel) -> {
			assertThat(text(panel, "title")).as("a panel's title").isNotBlank();
			assertThat(text(panel, "description")).as("description of %s", text(panel, "title")).isNotBlank();
			assertThat(panel.path("targets").values()).as("targets of %s", text(panel, "title"))
				.isNotEmpty()
				.allSatisfy((target) -> assertThat(text(target, "expr")).isNotBlank());
		});
		List<Integer> ids = panels().stream().map((panel) -> panel.path("id").intValue(0)).toList();
		assertThat(ids).doesNotHaveDuplicates().allSatisfy((id) -> assertThat(id).isPositive());
	}

	@Test
	void datasourcesWhenReadThenEveryOneIsTheVariableNeverAUid() {
		List<JsonNode> datasources = new ArrayList<>();
		collect(dashboard, "datasource", datasources);
		assertThat(datasources).isNotEmpty().allSatisfy((datasource) -> {
			String reference = datasource.isString() ? datasource.stringValue() : text(datasource, "uid");
			assertThat(reference).isEqualTo("${datasource}");
		});
		assertThat(queryPanels()).allSatisfy((panel) -> {
			assertThat(panel.has("datasource")).as("datasource of %s", text(panel, "title")).isTrue();
			assertThat(panel.path("targets").values()).allSatisfy((target) -> assertThat(target.has("datasource"))
				.as("datasource of a target of %s", text(panel, "title"))
				.isTrue());
		});
	}

	static void collect(JsonNode node, String field, List<JsonNode> found) {
		if (node.isObject()) {
			node.properties().forEach((property) -> {
				if (property.getKey().equals(field)) {
					found.add(property.getValue());
				}
				collect(property.getValue(), field, found);
			});
		}
		else if (node.isArray()) {
			node.values().forEach((element) -> collect(element, field, found));
		}
	}

	@Test
	void expressionsWhenReadThenOnlyWxauthMetricsOfTheTable() {
		Set<String> known = knownSeries();
		List<String> expressions = new ArrayList<>(expressions());
		dashboard.path("templating").path("list").values().stream()
			.flatMap((variable) -> Stream.of(text(variable, "definition"), text(variable, "query")))
			.filter((query) -> !query.isEmpty())
			.forEach(expressions::add);
		assertThat(expressions).allSatisfy((expr) -> {
			Matcher name = WXAUTH_NAME.matcher(expr);
			while (name.find()) {
				assertThat(known).as("a metric of README's table, in %s", expr).contains(name.group());
			}
		});
		assertThat(expressions()).allSatisfy((expr) -> assertThat(seriesNamed(expr)).as("series of %s", expr)
			.isNotEmpty()
			.allSatisfy((series) -> assertThat(known).contains(series)));
	}

	@Test
	void seriesNamedWhenAnotherMetricOrFunctionThenNamed() {
		assertThat(seriesNamed("histogram_quantile(0.99, sum by (le, api) "
				+ "(rate(wxauth_wechat_calls_seconds_bucket{app=~\"$app\", api!=\"x_y{\"}[$__rate_interval])))"))
			.containsExactly("wxauth_wechat_calls_seconds_bucket");
		assertThat(seriesNamed("sum(rate(wxauth_a_total[5m])) / on (job) group_left up"))
			.containsExactly("wxauth_a_total", "up");
		assertThat(seriesNamed("rate(node_cpu_seconds_total{mode=\"idle\"}[5m]) and hikaricp_connections"))
			.containsExactly("node_cpu_seconds_total", "hikaricp_connections");
		assertThat(seriesNamed("clamp_min(nonsense(wxauth_a_total{a=\"b\"} offset 5m), 1)"))
			.containsExactly("nonsense(", "wxauth_a_total");
	}

	@Test
	void loginPanelsWhenReadThenFilteredByTheAppAndClientVariables() {
		for (String name : List.of("app", "client")) {
			JsonNode variable = variable(name);
			assertThat(text(variable, "definition")).as(name).startsWith("label_values(wxauth_logins_total");
			assertThat(variable.path("multi").booleanValue(false)).as("%s is multi-value", name).isTrue();
			assertThat(variable.path("includeAll").booleanValue(false)).as("%s includes All", name).isTrue();
		}
		List<String> logins = expressions().stream().filter((expr) -> expr.contains("wxauth_logins_total")).toList();
		assertThat(logins).isNotEmpty().allSatisfy((expr) -> {
			assertThat(expr).doesNotContainPattern("wxauth_logins_total(?!\\{)");
			Matcher selector = Pattern.compile("wxauth_logins_total\\{([^}]*)\\}").matcher(expr);
			while (selector.find()) {
				assertThat(selector.group(1)).contains("app=~\"$app\"", "client=~\"$client\"");
			}
		});
	}

	@Test
	void firstRowWhenReadThenWhatOnCallOpensFirst() {
		List<JsonNode> panels = panels();
		assertThat(panels).first().satisfies((panel) -> assertThat(isRow(panel)).as("a row first").isTrue());
		List<String> firstRow = panels.stream().skip(1).takeWhile((panel) -> !isRow(panel))
			.map((panel) -> text(panel, "title"))
			.toList();
		assertThat(firstRow).containsAll(ON_CALL_PANELS);
	}

}
