// swift-tools-version: 6.0
import PackageDescription

// The targets follow the pipeline: model → load → plan → render → write → check → build → report, serve → CLI.
// Dependencies point one way; AppealModel does no I/O.
// Linux only: the writer swaps folders with renameat2 and names the running program by /proc/self/exe.
let package = Package(
    name: "AppealPress",
    products: [
        .executable(name: "appealpress", targets: ["appealpress"]),
        .library(name: "AppealBuild", targets: ["AppealBuild"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // Spreadsheets as data: a dimension's values from one CSV file (RFC 4180, BOM, CRLF).
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "AppealModel"),
        // The release and the commit `appealpress --version` prints; the plugin reads git before each build.
        .target(name: "AppealBuildInfo", plugins: ["BuildCommit"]),
        .plugin(name: "BuildCommit", capability: .buildTool()),
        // Listing and deleting folder trees with readdir and the openat family of calls.
        .target(name: "AppealFiles"),
        .target(name: "AppealTemplate", dependencies: ["AppealModel"]),
        .target(name: "AppealLoad", dependencies: ["AppealModel", "AppealFiles", .product(name: "Yams", package: "Yams"),
                                            .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "AppealPlan", dependencies: ["AppealModel"]),
        .target(
            name: "AppealRender",
            dependencies: ["AppealModel", "AppealPlan", "AppealTemplate", "CMarkGFM", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "AppealWrite", dependencies: ["AppealModel", "AppealFiles"]),
        // The MinHash inner loop in C, so it can use the processor's vector instructions (chosen at run time).
        .target(name: "AppealKernels"),
        .target(name: "AppealCheck", dependencies: ["AppealModel", "AppealPlan", "AppealRender", "AppealKernels"]),
        .target(name: "AppealReport", dependencies: ["AppealModel", "AppealPlan", "AppealCheck"]),
        .target(name: "AppealBuild", dependencies: ["AppealModel", "AppealFiles", "AppealLoad", "AppealPlan", "AppealRender", "AppealWrite", "AppealCheck"]),
        // The preview for `appealpress serve`: HTTP on plain sockets, a file watcher, live reload.
        .target(name: "AppealServe", dependencies: ["AppealModel", "AppealLoad", "AppealRender", "AppealBuild"]),
        // Review records: approving files and reporting what is reviewed, for `appealpress review`.
        .target(name: "AppealReview", dependencies: ["AppealModel", "AppealLoad", "AppealPlan"]),
        // Content files with the right front matter, for `appealpress new`.
        .target(name: "AppealScaffold", dependencies: ["AppealModel", "AppealLoad"]),
        .executableTarget(
            name: "appealpress",
            dependencies: ["AppealBuild", "AppealCheck", "AppealReport", "AppealServe", "AppealScaffold", "AppealReview", "AppealBuildInfo",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Fixture paths and scratch folders shared by the test targets.
        .target(name: "AppealTestSupport", dependencies: ["AppealModel"], path: "Tests/Support"),
        .testTarget(name: "AppealModelTests", dependencies: ["AppealModel"]),
        .testTarget(name: "AppealFilesTests", dependencies: ["AppealFiles", "AppealTestSupport"]),
        // swift-mustache is the reference implementation the theme engine is compared against.
        .testTarget(
            name: "AppealTemplateTests",
            dependencies: ["AppealTemplate", "AppealModel", "AppealTestSupport", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .testTarget(name: "AppealLoadTests", dependencies: ["AppealLoad", "AppealTestSupport"]),
        .testTarget(name: "AppealPlanTests", dependencies: ["AppealPlan", "AppealLoad", "AppealTestSupport"]),
        .testTarget(name: "AppealRenderTests", dependencies: ["AppealRender", "AppealPlan", "AppealLoad", "AppealTestSupport"]),
        .testTarget(name: "AppealWriteTests", dependencies: ["AppealWrite", "AppealTestSupport"]),
        .testTarget(name: "AppealCheckTests", dependencies: ["AppealCheck", "AppealKernels", "AppealLoad", "AppealPlan", "AppealRender", "AppealTestSupport"]),
        .testTarget(name: "AppealReportTests", dependencies: ["AppealReport", "AppealCheck", "AppealLoad", "AppealPlan", "AppealRender", "AppealTestSupport"]),
        .testTarget(name: "AppealBuildTests", dependencies: ["AppealBuild", "AppealWrite", "AppealTestSupport"]),
        .testTarget(name: "AppealServeTests", dependencies: ["AppealServe", "AppealBuild", "AppealCheck", "AppealTestSupport"]),
        .testTarget(name: "AppealReviewTests", dependencies: ["AppealReview", "AppealLoad", "AppealPlan", "AppealRender", "AppealCheck", "AppealBuild", "AppealTestSupport"]),
        .testTarget(name: "AppealScaffoldTests", dependencies: ["AppealScaffold", "AppealBuild", "AppealCheck", "AppealTestSupport"]),
    ]
)
