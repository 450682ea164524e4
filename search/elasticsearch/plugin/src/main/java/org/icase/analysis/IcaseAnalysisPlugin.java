package org.icase.analysis;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexService;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Registers, under analysis-common's own names and parameters, the analysis ICASE's index uses (and
 * the n-gram analysis Wagtail's stock Elasticsearch backend needs, for the relevance benchmark), so
 * the same index settings work here and on a full Elasticsearch distribution.
 */
public class IcaseAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("mapping", AnalysisPlugin.requiresAnalysisSettings(
            (indexSettings, environment, name, settings) -> mappingCharFilter(name, settings)));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (indexSettings, environment, name, settings) -> asciiFolding(name, settings),
            "stemmer", (indexSettings, environment, name, settings) -> stemmer(name, settings),
            "stemmer_override", AnalysisPlugin.requiresAnalysisSettings(
                (indexSettings, environment, name, settings) -> stemmerOverride(name, settings)),
            "synonym_graph", AnalysisPlugin.requiresAnalysisSettings(
                (indexSettings, environment, name, settings) -> new SynonymGraphFactory(name, settings)),
            "edge_ngram", (indexSettings, environment, name, settings) -> edgeNGram(name, settings),
            "ngram", (indexSettings, environment, name, settings) -> nGram(name, settings)
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", (indexSettings, environment, name, settings) -> TokenizerFactory.newFactory(
                name, () -> new NGramTokenizer(settings.getAsInt("min_gram", 1), settings.getAsInt("max_gram", 2))),
            "edge_ngram", (indexSettings, environment, name, settings) -> TokenizerFactory.newFactory(
                name, () -> new EdgeNGramTokenizer(settings.getAsInt("min_gram", 1), settings.getAsInt("max_gram", 2)))
        );
    }

    static CharFilterFactory mappingCharFilter(String name, Settings settings) {
        List<String> rules = settings.getAsList("mappings");
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("mapping char filter [" + name + "] requires [mappings]");
        }
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        for (String rule : rules) {
            int arrow = rule.indexOf("=>");
            if (arrow < 0) {
                throw new IllegalArgumentException("invalid mapping rule [" + rule + "]: expected 'from => to'");
            }
            builder.add(rule.substring(0, arrow).trim(), rule.substring(arrow + 2).trim());
        }
        NormalizeCharMap map = builder.build();
        return new CharFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Reader create(Reader reader) {
                return new MappingCharFilter(map, reader);
            }

            @Override
            public Reader normalize(Reader reader) {
                return create(reader);
            }
        };
    }

    static TokenFilterFactory asciiFolding(String name, Settings settings) {
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        return new SimpleFilter(name, stream -> new ASCIIFoldingFilter(stream, preserveOriginal), true);
    }

    static TokenFilterFactory stemmer(String name, Settings settings) {
        String language = settings.get("language", settings.get("name", "porter"));
        Function<TokenStream, TokenStream> filter = switch (language) {
            case "english", "porter" -> PorterStemFilter::new;
            case "porter2" -> stream -> new SnowballFilter(stream, new EnglishStemmer());
            case "light_english", "kstem" -> KStemFilter::new;
            case "minimal_english" -> EnglishMinimalStemFilter::new;
            case "possessive_english" -> EnglishPossessiveFilter::new;
            default -> throw new IllegalArgumentException("stemmer [" + name + "]: unsupported language [" + language + "]");
        };
        return new SimpleFilter(name, filter, false);
    }

    static TokenFilterFactory stemmerOverride(String name, Settings settings) throws IOException {
        StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
        for (String rule : settings.getAsList("rules")) {
            int arrow = rule.indexOf("=>");
            if (arrow < 0) {
                throw new IllegalArgumentException("invalid stemmer override rule [" + rule + "]");
            }
            String stem = rule.substring(arrow + 2).trim();
            for (String word : rule.substring(0, arrow).split(",")) {
                builder.add(word.trim(), stem);
            }
        }
        StemmerOverrideFilter.StemmerOverrideMap map = builder.build();
        return new SimpleFilter(name, stream -> new StemmerOverrideFilter(stream, map), false);
    }

    static TokenFilterFactory edgeNGram(String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        return new SimpleFilter(name, stream -> new EdgeNGramTokenFilter(stream, minGram, maxGram, preserveOriginal), false);
    }

    static TokenFilterFactory nGram(String name, Settings settings) {
        int minGram = settings.getAsInt("min_gram", 1);
        int maxGram = settings.getAsInt("max_gram", 2);
        boolean preserveOriginal = settings.getAsBoolean("preserve_original", false);
        return new SimpleFilter(name, stream -> new NGramTokenFilter(stream, minGram, maxGram, preserveOriginal), false);
    }

    /** A filter with no state beyond its settings. */
    record SimpleFilter(String name, Function<TokenStream, TokenStream> filter, boolean normalizes)
        implements TokenFilterFactory {
        @Override
        public TokenStream create(TokenStream tokenStream) {
            return filter.apply(tokenStream);
        }

        @Override
        public TokenStream normalize(TokenStream tokenStream) {
            return normalizes ? create(tokenStream) : tokenStream;
        }
    }

    /**
     * Solr-format synonym rules, parsed with the analysis chain that precedes the filter (as
     * Elasticsearch does) so that rules and text are analysed the same way.
     */
    static final class SynonymGraphFactory implements TokenFilterFactory {
        private final String name;
        private final List<String> rules;
        private final boolean lenient;
        private final boolean expand;
        private final SynonymMap map;

        SynonymGraphFactory(String name, Settings settings) {
            this(name, settings.getAsList("synonyms"), settings.getAsBoolean("lenient", false),
                settings.getAsBoolean("expand", true), null);
            if (settings.get("synonyms_path") != null) {
                throw new IllegalArgumentException("synonym_graph [" + name + "]: use inline [synonyms] with this plugin");
            }
        }

        private SynonymGraphFactory(String name, List<String> rules, boolean lenient, boolean expand, SynonymMap map) {
            this.name = name;
            this.rules = rules;
            this.lenient = lenient;
            this.expand = expand;
            this.map = map;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public TokenStream create(TokenStream tokenStream) {
            if (map == null) {
                throw new IllegalStateException("synonym_graph [" + name + "] used outside an analysis chain");
            }
            return map.fst == null ? tokenStream : new SynonymGraphFilter(tokenStream, map, true);
        }

        @Override
        public AnalysisMode getAnalysisMode() {
            return AnalysisMode.ALL;
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            return TokenFilterFactory.IDENTITY_FILTER;
        }

        @Override
        public TokenFilterFactory getChainAwareTokenFilterFactory(
            IndexService.IndexCreationContext context,
            TokenizerFactory tokenizer,
            List<CharFilterFactory> charFilters,
            List<TokenFilterFactory> previousTokenFilters,
            Function<String, TokenFilterFactory> allFilters
        ) {
            Analyzer ruleAnalyzer = new Analyzer() {
                @Override
                protected TokenStreamComponents createComponents(String fieldName) {
                    Tokenizer source = tokenizer.create();
                    TokenStream stream = source;
                    for (TokenFilterFactory previous : previousTokenFilters) {
                        stream = previous.getSynonymFilter().create(stream);
                    }
                    return new TokenStreamComponents(source, stream);
                }

                @Override
                protected Reader initReader(String fieldName, Reader reader) {
                    for (CharFilterFactory charFilter : charFilters) {
                        reader = charFilter.create(reader);
                    }
                    return reader;
                }
            };
            try {
                SolrSynonymParser parser = new SolrSynonymParser(true, expand, ruleAnalyzer);
                parser.parse(new StringReader(String.join("\n", rules)));
                return new SynonymGraphFactory(name, rules, lenient, expand, parser.build());
            } catch (Exception error) {
                throw new IllegalArgumentException("failed to build synonyms for [" + name + "]: " + error.getMessage(), error);
            } finally {
                ruleAnalyzer.close();
            }
        }
    }
}
