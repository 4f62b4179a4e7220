// Only the Bootstrap CSS Attune uses, built by `make setup` from django-bootstrap-static's own files (no CDN) into
// build/static/, where it stands in for the full files (clinic/settings.py, STATICFILES_DIRS). PurgeCSS keeps every
// selector whose class names appear anywhere in these files: the templates, the Python that writes classes
// (intake/controls.py, the forms, the views' badges) and the scripts.
module.exports = {
  content: ["templates/**/*.html", "clinic/**/*.py", "intake/**/*.py", "static/attune/*.js"],
  // Classes a template puts together from a value ("alert-{{ message.tags }}", "text-bg-{{ p.badge }}") and the
  // crispy layout's column classes.
  safelist: { standard: [/^alert-/, /^text-bg-/, /^btn-/, /^col-/] },
  // Bootstrap's custom properties are kept whole: they are few, and the kept rules read them.
  variables: false,
  keyframes: true,
  fontFace: true,
};
