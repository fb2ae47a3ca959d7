// html-validate settings for the pages folio writes (test/site-validate.test.ts; also
// `npx html-validate dist`). The recommended rules, minus the ones that fight a deliberate choice.
export default {
  root: true,
  extends: ['html-validate:recommended'],
  rules: {
    // Templates write the HTML5 doctype in lower case (`<!doctype html>`); both cases are valid HTML.
    'doctype-style': 'off',
    // A page's <title> is the article's own headline plus the site's name; headlines are not cut.
    'long-title': 'off',
    // Liquid tags leave indentation on otherwise empty lines; whitespace is not markup.
    'no-trailing-whitespace': 'off',
  },
};
