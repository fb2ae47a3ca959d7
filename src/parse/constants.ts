// Every heuristic threshold of the parser, with the reason for its value.

export const DECODE = {
  /** Metas past the WHATWG 1024-byte prescan still count: long SingleFile comments push them down. */
  declarationScanBytes: 8192,
  /** A declared legacy charset is believed when at most this share of characters fail to decode. */
  maxReplacementRatio: 0.001,
  /** A page declared (or looking like) UTF-8 with at most this many broken characters is UTF-8; a wrong encoding breaks hundreds. */
  maxStrayCharacters: 8,
  /** A sniffed encoding may leave this share of undecodable characters (stray bytes in old pages). */
  maxSniffedReplacementRatio: 0.01,
  /** chardet reads this much: enough statistics, bounded time on multi-megabyte pages. */
  sniffSampleBytes: 65536,
  /** Encodings the sniffer may choose, in WHATWG names (GB18030 decodes GB2312 and GBK too). */
  legacyEncodings: ['gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'windows-1252', 'iso-8859-2', 'windows-1251', 'koi8-r'] as readonly string[],
  /** Bytes read to tell a page from binary data (an image or archive saved as .html). */
  binarySampleBytes: 4096,
  /** Text has next to no control bytes; binary data, about one in eight. A page with stray NULs stays well under this share. */
  maxControlShare: 0.1,
  /** UTF-16 without a BOM: at least this share of the sample's code units have a zero high (or low) byte, as ASCII markup does. */
  minUtf16ZeroShare: 0.3,
} as const;

export const TITLE = {
  /** Elements that may show the headline when a page has no (usable) h1. */
  candidateSelector: 'h1, h2, h3, .title, .bt, .biaoti, .headline, .article-title, .entry-title, td.title, font b, b font, [itemprop="headline"]',
  /** Only the first elements in document order are considered: the headline sits near the top. */
  maxCandidates: 60,
  /** A headline longer than this is a paragraph, not a title. */
  maxLength: 200,
  /** A heading must share at least this many characters with a declared title to count as a match. */
  minMatchChars: 4,
  /** Class names of text shown to screen readers only (accessibility conventions of Bootstrap, WordPress, …). */
  hiddenClass: /^(?:sr-only|visually-?hidden|screen-reader-text|element-invisible|aural|text-hide|hidden|invisible)$/,
  /** Class names of a kicker (topic line) or subtitle printed in its own element inside a heading. */
  kickerClass: /kicker|overline|dachzeile|roofline|topline|eyebrow|supertitle|subline|subtitle|topic|category|rubric|\bsmall\b|h\dsmall/,
  /** A heading that is not inside a declared title must share at least this share of its words with it, and it of the heading's. */
  minOverlap: 0.8,
  /** A heading other than the page's only h1 showing less than this share of the declared title is a fragment of it ("Kassen" of "Waagen • Kassen • Wartung"): the h1 wins. */
  minFragmentCoverage: 0.5,
  /** Below this a candidate does not fit the declared titles well enough. */
  minScore: 4,
  /** A suffix ("界面新闻 · 天下", "BBC News") is short: at most this weight (CJK chars, or ~2.5 per word). */
  maxSuffixWeight: 16,
  /** A kicker printed before the headline inside the h1 is at most this share of the heading's text. */
  maxKickerShare: 0.45,
  /** What is left after removing a suffix must still be a headline. */
  minHeadWeight: 5,
} as const;

export const RELATED = {
  /** Headings of a page's own related-articles block. */
  heading: /^(?:相关(?:文章|阅读|閱讀|新闻|新聞|报道|報導|推荐|链接)|延伸(?:阅读|閱讀)|推荐阅读|推薦閱讀|猜你喜欢|猜你喜歡|你可能(?:还)?(?:会)?(?:感兴趣|喜欢)|相关热词搜索|Related(?: (?:articles?|stories|news|content|coverage|reading|posts|links))?|Read (?:more|next|also)|More on (?:this(?: story| topic)?|[\w\s]{2,30})|More (?:stories|coverage) (?:like this|on this)|More (?:[\w'’]+ ){0,3}(?:stories|news|articles|reads)|Terkait|Artikel Terkait|Baca Juga|Você pode gostar\W*|Veja também|Leia também|More in [\w\s]{2,30}|You (?:may|might) (?:also )?(?:like|be interested in|enjoy)|Recommended(?: (?:for you|reading|stories))?|See also|Further reading|関連(?:記事|ニュース)|관련 ?기사|Ähnliche (?:Beiträge|Artikel|Themen)|Verwandte (?:Artikel|Beiträge|Themen)|(?:Das|Dieses?) (?:Thema |Themen )?könnte(?:n)? (?:Sie|dich|euch) auch interessieren|Weitere (?:Artikel|Beiträge|Meldungen) zum Thema|Mehr zum Thema|Lesen Sie auch|Auch interessant|Articles? (?:similaires|connexes|liés)|(?:À|A) lire (?:aussi|également)|Sur le même sujet|Artículos relacionados|Noticias relacionadas|Te puede interesar|Articoli correlati|Leggi anche|Potrebbe interessarti)$/i,
  /** Cheap test for text nodes that may hold a heading: one of the heading's key words. */
  keyword: /相关|相關|延伸|推荐|推薦|猜你|可能|related|read|more|like|recommended|see also|further|関連|관련|ähnlich|verwandt|interessant|thema|lesen|similaires|connexes|lire|sujet|relacionad|interesar|correlati|leggi|interessarti/i,
  /** Trimmed from a heading's text before matching: brackets, arrows, colons. */
  headingDecoration: /^[\s【\[\(（《<▍|｜■□●◆▶►>»:：\-—]+|[\s】\]\)）》>»:：\-—]+$/g,
  /** A heading is short. */
  maxHeadingLength: 40,
  /** How far up from a heading we look for the block of links it introduces. */
  maxClimb: 3,
  /** A related title has at least this weight (CJK chars count 3): "Read more" links are shorter. */
  minTitleWeight: 12,
  /** A card's excerpt must be at least this long to count as a summary. */
  minSummaryLength: 8,
  /** A related block found by climbing from its heading holds at most this much text (weight)… */
  maxBlockWeight: 4000,
  /** …and at least this share of it in links (cards with excerpts are around 0.3). */
  minBlockLinkDensity: 0.2,
  /** A card line this short that holds a date is the card's date, not its excerpt. */
  maxDateLineLength: 30,
  /** At most this many links in one related block; more is a link farm, keep the first. */
  maxLinks: 30,
  /** Link texts that are navigation, not headlines. */
  navLink: /^(?:更多|more|查看更多|see all|view all|全部|返回|上一篇|下一篇|previous|next)\b/i,
} as const;

export const BODY = {
  /** Removed before anything else: never article text (rt/rp: ruby readings printed above the characters). */
  junkSelector: 'script, style, noscript, template, svg, iframe, object, embed, canvas, input, select, textarea, button, link, meta, map, audio, video, rt, rp, [hidden], [aria-hidden="true"], [style*="display:none"], [style*="display: none"], [style*="visibility:hidden"]',
  /** Structural containers that hold no article text. */
  chromeSelector: 'nav, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], body > header, body > footer',
  /** Class/id words of article containers. */
  positive: /(^|[\s_-])(article|content|entry|post|story|text|main|body|detail|news[-_]?(?:text|con|content|body)|zw|zhengwen|cont|con_?txt|TRS_Editor|artibody|read)/i,
  /** Class/id words of everything around an article. */
  negative: /(^|[\s_-])(comment|sidebar|side|widget|footer|foot|header|nav|menu|share|social|related|recommend|rec[-_]|hot|rank|popular|trending|most|ad|ads|advert|advertisement|banner|promo|sponsor|newsletter|subscribe|signup|breadcrumb|crumb|pagination|pager|toolbar|tools|print|fontsize|copyright|disclaimer|(?:author|autor)[-_]?(?:box|bio|info|card|profile|details)\w*|about[-_]the[-_]author|byline|meta|tags?|keyword|login|modal|popup|cookie|gdpr|qrcode|erweima|app[-_]?(?:banner|download)|outbrain|taboola|more|prev|next|relate|xgyd|xgxw|tuijian|paihang|remen)([\s_-]|$)/i,
  /** A reader-comment thread: nothing inside it scores as the article. */
  commentsContainer: /(^|[\s_-])(commentlist|comment-list|comments-area|commentscontainer|disqus_thread)([\s_-]|$)/i,
  /** Names of blocks beside an article that the general lists miss: comment forms, post metadata, author notes. */
  partChrome: /(^|[\s_-])(commentform|respond|postmetadata|post-?meta|auteur|autor(?:en)?(?:info|box)?|author)([\s_-]|$)/i,
  /** Words that mark chrome even next to an article word ("comment-textarea", "post-comments", "sidebar-content"). */
  strongNegative: /(^|[\s_-])(comments?|respond|reply|replies|sidebar|widget|footer|share|sharing|related|recommend|newsletter|subscribe|login|cookie|disqus)([\s_-]|$)/i,
  /** At most this many widget labels are peeled off the end of a body… */
  maxTrailingLabels: 4,
  /** …each a short line (characters): a heading or a "label:" line. */
  maxTrailingLabelLength: 40,
  /** A paragraph shorter than this (weight) adds nothing to its container's score. */
  minParagraphWeight: 25,
  /** Score bonus/penalty of a container whose class/id looks like article / like chrome. */
  classWeight: 25,
  /** Containers near the headline (inside its ancestor this many levels up) get a bonus… */
  headlineRegionLevels: 2,
  /** …this factor: comments and widgets elsewhere on the page must clearly outscore the article. */
  nearHeadlineBonus: 1.25,
  /** A list of at least this many items… */
  minEntryListItems: 3,
  /** …most of which (this share) hold a link is a list of entries, whose items do not score. */
  entryListLinkedShare: 0.5,
  /** Candidates scoring at least this share of the best one are alternatives (parts of one article). */
  alternativeShare: 0.75,
  /** This many alternatives under one ancestor make that ancestor the article (Readability's MINIMUM_TOPCANDIDATES). */
  minAlternatives: 3,
  /** How many levels above the best container we look for same-shape sibling parts. */
  maxPartClimb: 2,
  /** A sibling part holds at least this much text (weight): ad and promo slots hold less. */
  minPartWeight: 150,
  /** Siblings of the best container join it when they score at least this share of its score. */
  siblingShare: 0.2,
  /** A loose sibling paragraph longer than this (weight) joins the body if few of its words are links… */
  looseParagraphWeight: 80,
  /** …at most this share. */
  looseParagraphLinkDensity: 0.25,
  /** A block inside the body with more than this share of linked text is navigation. */
  maxLinkDensity: 0.5,
  /** Link blocks holding more than this share of a body's text are the post itself (a link roll), not navigation. */
  maxLinkBlockShare: 0.8,
  /** …when they add up to this much (weight): a short part of links is a meta row or a tag list. */
  minLinkRollWeight: 500,
  /** A short block (weight) with any links and high link density goes. */
  shortBlockWeight: 100,
  /** How many siblings before the body we look through for its lead picture. */
  leadImageLookback: 2,
  /** A lead picture's caption is short (weight); more text means it is another block. */
  maxCaptionWeight: 400,
  /** Class/id words of a standfirst, the summary paragraph set above the article text. */
  leadName: /(^|[\s_-])(intro|introtext|lead|leadin|lede|standfirst|subtitle|summary|abstract|deck|dek|excerpt|chapo|chapeau|sapo)([\s_-]|$)/i,
  /** The standfirst is looked for beside the first part and up to this many of its ancestors… */
  leadClimb: 4,
  /** …among this many previous siblings at each level (a picture or byline may sit between). */
  leadLookback: 4,
  /** A standfirst is at least a short sentence (weight)… */
  minLeadWeight: 40,
  /** …and at most a few: more is an article of its own. */
  maxLeadWeight: 1000,
  /** A block mostly of links is a teaser list, not a standfirst. */
  maxLeadLinkDensity: 0.3,
  /** A comments title ends the article only after this much text (weight): a title at the top is a meta-row label. */
  minTextBeforeComments: 100,
  /** A comments title is a short line of its own (characters). */
  maxCommentsTitleLength: 40,
  /** Titles of a section that follows the article: reader comments ("3 Kommentare", "Leave a Reply") or the author's bio ("Über den Autor"). */
  commentsTitle: /^(\d+\s+)?(comments?|kommentare?|comentarios?|commentaires?|commenti|reacties|komentarze|reader comments|leave a (comment|reply)|post a comment|add a comment|kommentare? schreiben|schreibe einen kommentar|hinterlasse einen kommentar|deja un comentario|deja una respuesta|laisser un commentaire|lascia un commento|about the author|über den autor|über die autorin|sobre el autor|à propos de l'auteur)(\s*\(\d+\))?\s*:?$/i,
  /** At most this many calls to action are peeled off the end of a body… */
  maxTrailingCalls: 4,
  /** …each a short block (characters): a paragraph of the story runs longer. */
  maxCallLength: 250,
  /** Actions a publication asks of its reader. */
  readerAction: /\b(subscrib\w*|sign(?:ing)? up|newsletter|log ?in|follow|download|app|whatsapp|telegram|support|donat\w*|abonn\w*|folg\w*|unterstütz\w*|spende\w*|únete|suscr[ií]b\w*|síguen\w*|hazte|inscri\w*)\b/i,
  /** …said to the reader, about "our" publication (case-sensitive: "US" is a country). */
  readerAddress: /\b(?:[Yy]ou|[Yy]our|[Oo]ur|us|[Dd]u|[Dd]ir|[Dd]ich|[Dd]ein\w*|[Uu]nser\w*|uns|euch|tu|te|[Nn]uestr\w*|[Vv]ous|[Vv]otre|nos|[Nn]otre)\b/,
  /** Signing up with the publication: a newsletter, a subscription, a membership. */
  signUp: /\b(newsletter|subscribe to|sign(?:ing)? up (?:to|for)|become a (?:member|subscriber)|please subscribe|abonnieren Sie|Newsletter abonnieren|Mitglied werden|hazte miembro|suscríbete|abonnez-vous|inscrivez-vous)\b/i,
  /** …or naming the publication's own channels. */
  publicationAction: /apps? (?:for|on) (?:iOS|Android)|App Store|Google Play|full story|already a subscriber/i,
  /** A table cell holding blocks with at least this much text (weight) is page layout, not data. */
  minLayoutCellWeight: 300,
  /** A photo credit standing alone: "Photo: Meg Kinnard, AP", "Getty Images", "(Image: © NASA)", "Credit...Name", "(Quelle: Foto Name)", "图：新华社". */
  creditLine: /^[(\[]?\s*(?:(?:Photos?|Photograph|Images?|Picture|Fotos?|Bild(?:er)?|Titelbild|Titelfoto|Beitragsbild|Credits?|Crédit|Crédito|Fotografía|Quelle|Source|Fuente|图片来源|圖片來源|图片|圖片|图|圖|摄影|攝影)\s*(?::|：|…|\.\.\.|by)\s*[^。，！？]{1,80}|Getty( Images)?|AFP|Reuters|AP|EPA|EFE|ANSA|Europa Press|dpa|Shutterstock|iStock(photo)?|Courtesy .{1,40}|Image credit:.{1,80})[)\]]?$/i,
  /** Class/id words of a picture's caption. */
  captionName: /(^|[\s_-])(caption|figcaption|imagedescription|image-?description|img-?desc|bildunterschrift|legende?|img-metadata)([\s_-]|$)/i,
  /** Class/id words of the credit inside a caption. */
  creditName: /(^|[\s_-])(credits?|img-?author|photographer|fotograf|copyright|image-?source|bildquelle)([\s_-]|$)/i,
  /** A credit closing a caption, marked by © or a credit word: "… © AFP / Name", "…. Foto: Name", "…, photo: Name" (credits.ts checks what precedes a word). */
  creditTail: /(?:©|\(c\)|(?<![\p{L}\p{N}])(?:Fotos?|Photos?|Bild|Quelle|Credits?|Crédit|Crédito|Image)\s?:)[^.!?©]{1,80}$/iu,
  /** A credit line is short (characters): a caption's description runs longer. */
  maxCreditLength: 100,
  /** A credit names at most this many parties ("Name/Agency/Desk"). */
  maxCreditNames: 4,
  /** Picture agencies and stock libraries, as one name of a credit ("Name/Getty Images", "iStock.com/xyz", "Reuters files"). */
  pictureAgency: /^(?:Getty(?: Images)?|iStock(?:photo)?(?:\.com)?|Shutterstock(?:\.com)?|Unsplash|Pixabay|Pexels|AFP|AP|dpa|DPA|Reuters|EPA|EFE|ANSA|Europa Press|Imago|IMAGO|Clipdealer|Adobe ?Stock|stock\.adobe\.com|Fotolia|picture[ -]alliance|Keystone|ANP|Xinhua|新华社|新華社|Colourbox|Alamy)(?: (?:files?|photo|images?|Images))?$/i,
  /** Lines that are metadata or boilerplate, not article text. */
  boilerplateLine: [
    /^[（(【\[]?\s*(责任编辑|責任編輯|编辑|編輯|责编|校对|审核|审校|监制|主编|值班编辑|图片编辑|视频编辑)\s*[:：|｜].{0,30}[)）】\]]?$/,
    /^(来源|來源|原标题|原標題|出处|稿源|作者|文章来源|本文来源)\s*[:：]/,
    /^(本文|本站|文章)?(转载|轉載|转自|系转载|来自网络).{0,80}$/,
    /^(转载请注明|轉載請註明|未经授权|版权(所有|声明)|免责声明|声明[:：]|免責聲明|投资有风险)/,
    /^(Advertisement|ADVERTISEMENT|Hide Ad|Sponsored|Story continues below(?: advertisement)?|Continue reading below|Scroll to continue)$/i,
    /^(Copyright|©|\(c\))\s*(\d{4}|[A-Z])/i,
    /^(分享到|分享至|扫一扫|扫描二维码|打印本页|关闭窗口|【?字号|字体[:：]|【?打印】?|【?关闭】?|点击查看|点击进入|返回顶部|返回首页|上一篇|下一篇|上一页|下一页|Share this|Share on|Sign up for|Subscribe to)/i,
    /^(Got a (news )?tip|Support (local )?journalism|Read more:|Related:|Follow us on)/i,
    /^https?:\/\/\S+$/i,
    // Leftover client-side template placeholders ("{{caption}} {{credits}}").
    /^(\{\{[^}]*\}\}\s*)+$/,
    // Gallery controls, ad labels, reading times and sign-up lines, as whole lines.
    /^(\d+ (of|von|de|sur) \d+|AdChoices|About the Author|More:|Mehr:)$/i,
    /^(Caption|Close|Back to Gallery|Advert|Iklan|Anzeige|Werbung|Publicidad|Publicité|Pubblicità|Reklama|Sponsored( links)?|This slideshow requires JavaScript\.?|Sharing is caring!?|SUBSCRIBE|Subscribe( now)?|Tell us what you think\W*|Filed under:.*|Tempo de leitura:.*|Reading time:.*|Lesezeit:.*|\d+ min(ute)?s? read|Sukai ini:|Suka Memuat.*|Terkait|You may also like\W*)$/i,
    // Share, like, print and comment widgets, as whole lines, in the languages of the pages we meet.
    /^(Gefällt mir:?|Gefällt mir Wird geladen…?|Teilen( Sie dies)? mit:?|Wird geladen(…|\.\.\.)?|Liken Lade …|Diesen Artikel teilen|Artikel teilen|Teilen|Rezept drucken|Drucken|Kommentieren|Kommentare?( \(\d+\))?|Schon gelesen\??|Bild anzeigen|Weiterlesen|Mehr lesen|Zum Artikel|Partager( cet article)?|Imprimer|Compartir|Imprimir|Condividi|Stampa|Like this:|Like Loading(…|\.\.\.)?|Share this:|Loading…|Print|Email|Comments?( \(\d+\))?)$/i,
    /^(Media playback is unsupported on your device|Image copyright|Click to (enlarge|expand)|Enlarge this image|toggle caption)/i,
    // A post's filing and comment count, and an empty rating widget, as whole lines: "Kategorie: News", "Keine Kommentare".
    /^((News )?date\s*:\s*[\d/.-]+\s+)?(Kategorien?|Categor(?:y|ies)|Catégories?|Categorías?|Rubriken?|Themen|Schlagw(?:orte|örter)|Stichw(?:orte|örter)|Topics|Posted in|Veröffentlicht in)\s*:\s*[^.!?]{1,60}$/i,
    /^(Keine Kommentare|No comments|Aucun commentaire|Sin comentarios|Nessun commento)( yet)?( (for|zu|on|pour|para|per) .{1,120})?\.?$/i,
    /^\(?(Noch keine Bewertungen|No ratings yet|Aucune évaluation|Sin valoraciones|Be the first to rate( this)?)\)?\.?$/i,
    /^(Loading|Laden|Chargement|Cargando|Caricamento)(\.\.\.|…)$/i,
    // Rating and comment-form widgets, as whole lines.
    /^(Wie bewerten Sie diese[nms]? (Artikel|Beitrag|Rezept)|Wie hat (Ihnen|dir) (der|dieser|das) (Artikel|Beitrag|Rezept) gefallen|Was this (article|page|post) helpful|Rate this (article|post|recipe))\s*\??\s*\*?$/i,
    /^(Bitte geben Sie die (Zahlenfolge|Zeichenfolge|Zeichen) .{0,80}|Die mit einem \* markierten Felder sind Pflichtfelder\.?|Required fields are marked \*\.?|Ihre E-Mail-Adresse wird nicht veröffentlicht\..{0,80}|Your email address will not be published\..{0,80})$/i,
    // Disclosures and disclaimers about the post, not its story: "*Werbung. Dieser Beitrag enthält …", "Alle Angaben ohne Gewähr".
    /^\*?\s*(Werbung|Anzeige|Advertorial)\s*[.:|]\s*.{0,160}$/i,
    /^\*?\s*(Dieser (Beitrag|Artikel|Post) (enthält|kann) (Werbung|Affiliate[- ]Links|Links zu Anbietern)|This (post|article) (contains|may contain) affiliate links).{0,200}$/i,
    /^\(?(Alle Angaben ohne Gewähr|Angaben ohne Gewähr|Alle Angaben sind ohne Gewähr)\.?\)?$/i,
    // Asking the reader to comment or to pay for the publication, as whole lines.
    /^(Verraten Sie (uns )?(gerne )?in den Kommentaren|Schreibt? (es )?(uns )?(gerne )?in die Kommentare|Let us know in the comments|Tell us in the comments).{0,160}$/i,
    /^(If you (enjoyed|liked|value) (reading )?(this|our) (post|article|work|journalism)|Gefällt (dir|Ihnen) unser \S+\?|Would you consider supporting (us|our work)).{0,240}$/i,
    // Reading times and "as PDF" links, as whole lines, in more languages: "11 minut czytania", "5 min de lecture".
    /^(Lesezeit|Reading time|Temps de lecture|Tiempo de lectura|Tempo di lettura|Czas czytania)?\s*:?\s*(ca\. )?\d+\s*(min|minuten?|minutes?|minut[ya]?|minutos|minuti)\.?\s*(Lesezeit|read|de lecture|de lectura|di lettura|czytania|lesen)?$/i,
    /^((Dieses?|Diesen) (Skript|Artikel|Beitrag|Text|Dokument) als PDF (herunterladen|speichern|downloaden)|(Download|Save) (this (article|post) )?as PDF|Als PDF (herunterladen|speichern))\.?$/i,
    // Page controls and notices, as whole lines: a sources toggle, a consent notice, an update stamp, a contact label.
    /^((Quellen|Quelle|Mehr|Weniger|Text) (ein|aus)blenden|(Show|Hide) (sources|references|more|less)|Wir respektieren (deine|Ihre) Privatsphäre.{0,200}|(Zuletzt )?[Aa]ktualisiert( am)?:? [\d.\s:/-]{6,24}( Uhr)?|Zusatzinformationen:|Kontakt:|Weitere Infos? (unter|auf) \S+)$/i,
    // A shop widget inside a post: its heading and its buttons, as whole lines.
    /^((Empfehlungen|Produkte|Angebote) aus (dem|unserem) .{0,60}Shop|Quick ?View|Schnellansicht|In den Warenkorb|Add to (cart|basket)|Jetzt kaufen|Buy now)$/i,
    // A table of contents' heading, as a whole line.
    /^(Inhaltsverzeichnis|Table of contents|Sommaire|Índice de contenidos|目录|目錄)$/i,
    // Headings of a further-reading section, as whole lines: what follows them points elsewhere.
    /^(Weitere (Informationen|Infos|Artikel|Beiträge|Tipps|Tourentipps)( (zu|zum|zur|in|im) .{1,40})?|Mehr (zu|zum|zur|über) .{1,40}|Zum Weiterlesen|Entdecke weitere .{1,40}|Vorschau auf den nächsten Artikel|Further reading|More (on|about) (this|the) (story|topic))\s*:?$/i,
  ] as RegExp[],
} as const;

export const DATES = {
  /** Meta keys that carry the publish time, best first. */
  metaKeys: [
    'article:published_time', 'og:article:published_time', 'published_time', 'datepublished', 'article.published',
    'pubdate', 'publishdate', 'publish_date', 'publish-date', 'publication_date', 'publicationdate', 'publishtime',
    'sailthru.date', 'parsely-pub-date', 'dc.date.issued', 'dcterms.issued', 'dc.date.created', 'dcterms.created',
    'originalpublicationdate', 'article:create_at', 'og:release_date', 'release_date', 'citation_publication_date',
  ],
  /** Generic date metas: CMSs fill them with the last edit as often as with the publish time, so the byline's date beats them. */
  weakMetaKeys: ['dc.date', 'dcterms.date', 'date'],
  /** Meta keys of the last modification, a last resort. */
  modifiedMetaKeys: ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'dc.date.modified', 'last-modified'],
  /** How many text lines after the headline make up its byline/date area. */
  headerLines: 10,
  /** Lines before the headline that may hold its date (a dateline or kicker above the title). */
  linesBeforeTitle: 5,
  /** Without a known headline, the date area is the top of the page. */
  untitledHeaderLines: 40,
  /** The headline's line repeated within this many lines (a hidden or breadcrumb copy first): the date follows the second copy. */
  maxTitleRepeatGap: 40,
  /** A header line up to this long is a byline or dateline; a date in a longer one may be an event the text mentions. */
  maxMetaLine: 100,
  /** A date line is an item of a list (related stories, a sidebar, comments) when this many short lines… */
  minListNeighbours: 2,
  /** …within this many lines of it show other dates. */
  listReach: 6,
  /** A shown date this many days before a publish meta is a date the text quotes; a later one is an update, which the page shows as its date. */
  maxDaysShownBeforeMachine: 31,
  /** A machine date further than this from the address's date belongs to something else (a template, a re-import). */
  maxDaysUrlToMachine: 31,
  /** UTC offsets in use reach from -12:00 to +14:00. */
  maxOffsetMinutes: 14 * 60,
  /** A UTC time before this hour is still the previous day in the Americas: a URL dated the day before is the site's own day. */
  westernDayHours: 12,
  /** A date right after these words is a modification date, not the publish date. */
  updatedWord: /(更新|修改|编辑于|Updated?|Last modified|Modified|Edited|Aktualisiert|mis à jour)[^\d]{0,12}$/i,
  /** A date right after these words is a forum member's (joined, registered), not the post's. */
  memberWord: /(Registriert|Registered|Joined|Member since|Mitglied seit|Dabei seit|Inscrit|Registrado|注册|註冊|加入)[^\d]{0,12}$/i,
  /** The credit line of an embedded post (tweet, Facebook, Instagram) dates that post, not the article. */
  embedLine: /\(@\w{1,30}\)\s|^Posted by .{1,80} on |A post shared by|Ein Beitrag geteilt von|Une publication partagée par/i,
  /** A date right after these is a publish date. */
  publishedWord: /(发布|發布|发表|發表|张贴|張貼|时间|時間|日期|于|於|Published|Posted|First published|Veröffentlicht|Publiziert|Erstellt|Gespeichert|Publié|Publicado|Pubblicato|Gepubliceerd|Opublikowano|Julkaistu|Publicerad|Udgivet|Publisert)[^\d]{0,12}$/i,
  /** Text right after a date that makes it the publish date ("2011年3月5日在论坛发表", "am 9. März 2021 von Jana geschrieben"). */
  publishedAfter: /^[^。.!?]{0,40}?(发表|發表|发布|發布|veröffentlicht|publiziert|geschrieben|published|posted|written|publié)/i,
  /** Lines longer than this are running text; a labelled date is looked for in shorter ones (a blog's "This entry was posted on …" footer runs long). */
  maxLabelledLine: 400,
  /** Copyright and "last updated" footers date the site, not the article. */
  copyrightLine: /©|\(c\)|copyright|版权|版權|all rights reserved|updated|aktualisiert|geändert|modified|更新/i,
  /** A line giving only a month ("2001年5月号", "March 1998 issue") is this short; longer ones mention a month in passing. */
  maxIssueLine: 40,
  /** Dates before this year on a page are history mentioned in the text, not when it was published. */
  minYear: 1995,
} as const;

export const AUTHORS = {
  /** Accounts and desks that are not people. */
  generic: /^(admin|administrator|editor|编辑部|小编|本站|本网|佚名|匿名|网友|管理员|站长|system|staff|news desk|newsroom|web desk|unknown|guest|null|undefined)$/i,
  /** Endings of Chinese organisation names (papers, sites, desks, firms): a CMS vendor in meta author is no person. */
  hanOrganisation: /(?:[报社网站台刊部]|網|網絡|网络|科技|传媒|傳媒|公司|集团|集團|工作室)$/u,
  /** Role words that follow or precede a name. */
  roleWords: /(?:(?<!\s)|(?!\s))\s*(?:,\s*)?(?:Local Democracy Reporter|Staff writer|Staff reporter|Science correspondent|[A-Z][a-z]+ correspondent|Correspondent|Reporter|Editor|Contributor|Columnist|Senior writer|for [A-Z].*)$/,
  /** Longest plausible Chinese name (compound surnames and ethnic names included). */
  maxHanName: 6,
  /** How many lines from the end of the article a closing "（记者 某某）" may stand. */
  tailLines: 6,
  /** A credit in brackets opening or closing a paragraph ("（总台记者 张倩）") is at most this long. */
  maxCredit: 24,
  /** What may precede a credit opening a paragraph: "新华社北京6月1日电" and the like. */
  maxCreditLead: 20,
  /** A bare name line counts only this close under the headline. */
  bareNameLines: 3,
  /** A byline line under the headline, date, source and all, is no longer than this; a longer line is a paragraph. */
  maxHeaderBylineLength: 120,
  /** A byline searched for away from the headline is a short line; a longer one with a sentence end is prose. */
  maxBylineLineLength: 80,
  /** Latin names: at most this many words. */
  maxLatinWords: 4,
} as const;

export const ARTICLE = {
  /** Titles of error pages. */
  notFound: /(^|\b)(404|page not found|not found|页面不存在|页面未找到|找不到(该|此)?页面|网页不存在|页面已删除|ページが見つかりません|sorry, we couldn.t find)/i,
  /** Login and paywall pages: a sign-in prompt as the page's heading or its only text. */
  loginWall: /^(log ?in|sign ?in|sign in to continue|subscribe to (continue|read)|register|anmelden|einloggen|connexion|iniciar sesión|登录|登錄|用户登录|会员登录|请登录|ログイン|로그인)\b|(登录后(查看|阅读)|请先登录|sign in to (read|continue)|log in to (read|continue)|subscribe to continue reading|this content is for subscribers)/i,
  /** A page this short (weight) with a sign-in prompt is a login wall, not a teaser of an article. */
  maxLoginWallWeight: 600,
  /** Section, tag and list pages by their address ("/index.php/2014/03/slug/" is a front controller and "/de/index.html" a folder's default file, not an index). */
  listUrl: /\/(tag|tags|category|categories|topics?|list|index(?!\.php\/|\.html?$)|author|search|page\/\d+)(\/|\.|$|\?)/i,
  /** A page that declares itself an article (og:type, JSON-LD) needs only one sentence of body (weight; CJK chars count 3): briefs are articles. */
  minDeclaredBodyWeight: 80,
  /** Other pages need about 50 Chinese characters or 150 letters: less is a stray block of a page whose body we missed. */
  minBodyWeight: 150,
  /** A body holding this many linked headings is a list of articles, not one. */
  maxLinkedHeadings: 4,
  /** Byline/date lines are short. */
  maxMetaLineLength: 120,
  /** What may remain of a byline/date line once dates, labels with their values and names are gone (weight). */
  maxMetaLineRest: 12,
} as const;
