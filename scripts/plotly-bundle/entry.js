// The dashboard's plotly.js: only the trace types it draws (scatter comes with the core).
var Plotly = require('plotly.js/lib/core');

Plotly.register([
  require('plotly.js/lib/bar'),
  require('plotly.js/lib/scattergeo'),
  require('plotly.js/lib/choropleth'),
]);

module.exports = Plotly;
