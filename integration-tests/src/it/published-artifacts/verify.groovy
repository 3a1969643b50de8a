// What Maven Central requires of each released artifact: a pom with name and description of its
// own, and url, licences, developers and SCM (connection and url) in it or a parent; and for a jar,
// sources and javadoc jars beside it that are not empty.
import java.util.zip.ZipFile

def version = stochasticdepthVersion
def repository = new File(localRepositoryPath, 'dev/stochasticdepth')

def pom = { String artifactId ->
    def file = new File(repository, "${artifactId}/${version}/${artifactId}-${version}.pom")
    assert file.isFile() : "${artifactId}: no pom installed"
    new groovy.xml.XmlSlurper().parse(file)
}

// The pom and its parents in this repository, nearest first.
def lineage = { String artifactId ->
    def poms = [pom(artifactId)]
    while (!poms[-1].parent.artifactId.text().isEmpty()) {
        poms << pom(poms[-1].parent.artifactId.text())
    }
    poms
}

def inherited = { poms, Closure read -> poms.collect(read).find { !it.isEmpty() } ?: '' }

def checkPom = { String artifactId ->
    def poms = lineage(artifactId)
    assert !poms[0].name.text().isBlank() : "${artifactId}: no name"
    assert !poms[0].description.text().isBlank() : "${artifactId}: no description"
    assert inherited(poms) { it.url.text() }.startsWith('https://') : "${artifactId}: no url"
    assert inherited(poms) { it.licenses.license.name.text() } == 'Apache-2.0' : "${artifactId}: no licence"
    assert !inherited(poms) { it.licenses.license.url.text() }.isEmpty() : "${artifactId}: no licence url"
    assert !inherited(poms) { it.developers.developer.name.text() }.isEmpty() : "${artifactId}: no developer"
    assert !inherited(poms) { it.scm.connection.text() }.isEmpty() : "${artifactId}: no scm connection"
    assert !inherited(poms) { it.scm.url.text() }.isEmpty() : "${artifactId}: no scm url"
}

def checkJar = { String artifactId, String classifier, String entry ->
    def suffix = classifier ? "-${classifier}" : ''
    def file = new File(repository, "${artifactId}/${version}/${artifactId}-${version}${suffix}.jar")
    assert file.isFile() : "${file.name}: not installed"
    new ZipFile(file).withCloseable { zip ->
        assert zip.entries().toList().any { it.name.endsWith(entry) } : "${file.name}: no ${entry}"
    }
}

checkPom('stochastic-depth-bom')
def bom = pom('stochastic-depth-bom')
assert bom.packaging.text() == 'pom'
def managed = bom.dependencyManagement.dependencies.dependency.artifactId*.text()
assert managed == ['stochastic-depth-annotations', 'stochastic-depth-processor', 'stochastic-depth-runtime']

def libraries = [
    'stochastic-depth-annotations': 'dev/stochasticdepth/annotations/StochasticDepth',
    'stochastic-depth-processor': 'dev/stochasticdepth/processor/StochasticDepthProcessor',
    'stochastic-depth-runtime': 'dev/stochasticdepth/runtime/StochasticResidualBlock',
]
libraries.each { artifactId, type ->
    checkPom(artifactId)
    checkJar(artifactId, null, "${type}.class")
    checkJar(artifactId, 'sources', "${type}.java")
    checkJar(artifactId, 'javadoc', "${type}.html")
}

// A post-build script passes by returning true.
true
