package dev.wxauth.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameContaining;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth server's package map (README, "Architecture"), checked on the compiled main classes: arrows point down
 * only, no package cycle, WeChat's dialect stays in {@code wechat*}, the leaves depend on nothing of ours.
 */
class ArchitectureTests {

	static final String ROOT = "dev.wxauth.server";

	static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		// without the bean registrations Spring AOT generates at build time (Foo__BeanDefinitions), which the
		// application class reaches into every package by design
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages(ROOT)
			.that(not(simpleNameContaining("__")));
		assertThat(classes).as("the main classes are on the test class path").hasSizeGreaterThan(50);
	}

	@Test
	void packagesWhenImportedThenNoCycle() {
		slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void packagesWhenImportedThenEachUsesOnlyTheLayersBelowIt() {
		// @formatter:off
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("composition").definedBy(ROOT + ".config..")
			.layer("pages and token contents").definedBy(ROOT + ".web..", ROOT + ".authorize..", ROOT + ".logout..", ROOT + ".token..", ROOT + ".dev..",
					ROOT + ".admin..", ROOT + ".account..")
			.layer("grants").definedBy(ROOT + ".grant..")
			.layer("WeChat flows").definedBy(ROOT + ".wechat.web..", ROOT + ".wechat.miniprogram..", ROOT + ".wechat.mobileapp..",
					ROOT + ".wechat.events..")
			.layer("federation").definedBy(ROOT + ".federation..")
			.layer("WeChat").definedBy(ROOT + ".wechat")
			.layer("stores").definedBy(ROOT + ".user..", ROOT + ".authorization..", ROOT + ".client..", ROOT + ".keys..",
					ROOT + ".session..", ROOT + ".admission..", ROOT + ".ratelimit..", ROOT + ".audit..")
			.layer("leaves").definedBy(ROOT + ".crypto..", ROOT + ".properties..", ROOT + ".oauth2..",
					ROOT + ".database..", ROOT + ".logging..", ROOT + ".metrics..", ROOT)
			.whereLayer("composition").mayNotBeAccessedByAnyLayer()
			.whereLayer("pages and token contents").mayOnlyBeAccessedByLayers("composition")
			.whereLayer("grants").mayOnlyBeAccessedByLayers("composition", "pages and token contents")
			.whereLayer("WeChat flows").mayOnlyBeAccessedByLayers("composition", "pages and token contents", "grants")
			.whereLayer("federation").mayOnlyBeAccessedByLayers("composition", "pages and token contents", "grants",
					"WeChat flows")
			.whereLayer("WeChat").mayOnlyBeAccessedByLayers("composition", "pages and token contents", "grants",
					"WeChat flows", "federation")
			.whereLayer("stores").mayOnlyBeAccessedByLayers("composition", "pages and token contents", "grants",
					"WeChat flows", "federation", "WeChat")
			.check(classes);
		// @formatter:on
	}

	@Test
	void leavesWhenImportedThenDependOnNothingAbove() {
		noClasses().that()
			.resideInAnyPackage(ROOT + ".properties..", ROOT + ".oauth2..", ROOT + ".database..", ROOT + ".logging..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".properties.."))
				.and(not(resideInAPackage(ROOT + ".oauth2..")))
				.and(not(resideInAPackage(ROOT + ".database..")))
				.and(not(resideInAPackage(ROOT + ".logging..")))))
			.check(classes);
		noClasses().that()
			.resideInAPackage(ROOT + ".crypto..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".crypto..")))
				.and(not(resideInAPackage(ROOT + ".properties..")))
				.and(not(belongToAnyOf(WxauthApplication.class))))
			.check(classes);
	}

	/**
	 * Outside the WeChat unit, the server sees who signed in ({@code WeChatIdentity}), which apps exist (how they are
	 * stored and checked) and the flows' entry points, never the API client, its replies, its errors or its errcode
	 * table.
	 */
	@Test
	void weChatUnitWhenImportedThenOnlyItsVocabularyIsUsedOutsideIt() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".wechat..")
			.should()
			.dependOnClassesThat(resideInAPackage(ROOT + ".wechat..").and(not(belongToAnyOf(
					dev.wxauth.server.wechat.WeChatIdentity.class, dev.wxauth.server.wechat.WeChatApp.class,
					dev.wxauth.server.wechat.WeChatApps.class, dev.wxauth.server.wechat.AppKind.class,
					dev.wxauth.server.wechat.WeChatProperties.class, dev.wxauth.server.wechat.WeChatAppStore.class,
					dev.wxauth.server.wechat.WeChatAppCheck.class,
					dev.wxauth.server.wechat.miniprogram.MiniProgramLogins.class,
					dev.wxauth.server.wechat.mobileapp.MobileAppLogins.class,
					dev.wxauth.server.wechat.web.WeChatWebLogin.class,
					dev.wxauth.server.wechat.web.WeChatLoginChoice.class,
					dev.wxauth.server.wechat.events.WeChatEventsSecurity.class))))
			.check(classes);
	}

	/**
	 * The person's account shows their WeChat identities by our apps' names, which the WeChat unit gives for an appid
	 * ({@code WeChatApps.nameOf}): it never holds an app itself, to match appids on its own.
	 */
	@Test
	void accountWhenImportedThenItAsksTheWeChatUnitForAppNames() {
		noClasses().that()
			.resideInAPackage(ROOT + ".account..")
			.should()
			.dependOnClassesThat(belongToAnyOf(dev.wxauth.server.wechat.WeChatApp.class))
			.check(classes);
	}

	/** WeChat's wire words (scopes, User-Agent, errcodes, API paths) appear in no compiled class outside it. */
	@Test
	void weChatDialectWhenCompiledThenOnlyInsideTheWeChatUnit() throws IOException {
		Path mainClasses = Path.of("target/classes/dev/wxauth/server");
		List<String> dialect = List.of("snsapi_", "MicroMessenger", "errcode", "jscode2session", "/sns/", "cgi-bin",
				"is_snapshotuser", "wechat_redirect");
		try (Stream<Path> files = Files.walk(mainClasses)) {
			List<String> leaks = files.filter((file) -> file.toString().endsWith(".class"))
				.filter((file) -> !mainClasses.relativize(file).startsWith("wechat"))
				.filter((file) -> !file.getFileName().toString().contains("__"))
				.flatMap((file) -> dialect.stream()
					.filter((word) -> contains(file, word))
					.map((word) -> mainClasses.relativize(file) + ": " + word))
				.toList();
			assertThat(leaks).isEmpty();
		}
	}

	private static boolean contains(Path classFile, String word) {
		try {
			return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains(word);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
