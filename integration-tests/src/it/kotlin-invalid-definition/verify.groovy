// The processor's error reaches the Maven log through kapt with its id and fix, and names the
// Kotlin file of the definition and the line of its @StochasticDepth annotation.
def log = new File(basedir, 'build.log').text
def error = log.readLines().find { it.contains('[SD101]') }
assert error != null : 'no [SD101] in the build log'
assert error.contains('drop must be in [0, 1), got 1.0')
assert error.contains('InvalidNet.kt') : "not on the Kotlin source: ${error}"
assert error =~ /InvalidNet\.kt:11:/ : "not on the annotation's line: ${error}"

// A post-build script passes by returning true.
true
