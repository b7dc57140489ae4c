// claimledger: the map of the claims' places, drawn as SVG from data this app serves: country outlines from
// world-atlas (Natural Earth, installed with npm at build time) and the claims' resolved places. No tiles, no
// internet. A mark's area grows with its number of claims; its ring shows the claims' geo precision. Built with DOM
// calls alone (createElementNS, setAttribute, textContent): nothing is parsed as HTML.
(function () {
  "use strict";

  var svg = document.getElementById("claims-map");
  var source = document.getElementById("map-data");
  if (!svg || !source) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var NS = "http://www.w3.org/2000/svg";
  var WIDTH = 1000;
  var HEIGHT = 700;
  var places = data.places;
  if (!places.length) {
    return;
  }
  // The places' box, with a margin of a fifth around it (and at least a degree), in an equirectangular projection
  // whose east-west scale is that of the box's middle latitude.
  var lats = places.map(function (p) { return p.lat; });
  var lons = places.map(function (p) { return p.lon; });
  var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
  var west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
  var padLat = Math.max(1, (north - south) / 5), padLon = Math.max(1, (east - west) / 5);
  south -= padLat; north += padLat; west -= padLon; east += padLon;
  var squeeze = Math.cos(((south + north) / 2) * Math.PI / 180);
  var scale = Math.min(WIDTH / ((east - west) * squeeze), HEIGHT / (north - south));

  function x(lon) { return (lon - west) * squeeze * scale; }
  function y(lat) { return (north - lat) * scale; }

  function element(name, attributes) {
    var made = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) { made.setAttribute(key, String(attributes[key])); });
    return made;
  }

  var land = element("g", {"class": "outlines"});
  var marks = element("g", {"class": "places"});
  svg.appendChild(land);
  svg.appendChild(marks);

  function ring(coordinates) {
    return coordinates.map(function (c, i) { return (i ? "L" : "M") + x(c[0]).toFixed(1) + "," + y(c[1]).toFixed(1); })
      .join("") + "Z";
  }

  function drawOutlines(topology) {
    var countries = window.topojson.feature(topology, topology.objects.countries).features;
    countries.forEach(function (country) {
      var geometry = country.geometry;
      if (!geometry) {
        return;
      }
      var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      var d = polygons.map(function (polygon) { return polygon.map(ring).join(""); }).join("");
      var path = element("path", {d: d, "class": "country"});
      var title = document.createElementNS(NS, "title");
      title.textContent = (country.properties && country.properties.name) || "";
      path.appendChild(title);
      land.appendChild(path);
    });
  }

  if (data.outlines && window.topojson) {
    fetch(data.outlines).then(function (response) { return response.json(); }).then(drawOutlines);
  }

  var most = Math.max.apply(null, places.map(function (p) { return p.claims; }));
  places.slice().reverse().forEach(function (place) {
    var radius = 4 + 14 * Math.sqrt(place.claims / most);
    var link = element("a", {href: "/claims?place=" + encodeURIComponent(place.text)});
    var mark = element("circle", {cx: x(place.lon).toFixed(1), cy: y(place.lat).toFixed(1), r: radius.toFixed(1),
                                  "class": "place precision-" + (place.precision || "unknown")});
    var title = document.createElementNS(NS, "title");
    var kinds = Object.keys(place.by_kind).map(function (kind) { return kind + " " + place.by_kind[kind]; });
    title.textContent = place.names + ": " + place.claims + " claims (" + kinds.join(", ") + "), precision " +
      (place.precision || "unknown");
    mark.appendChild(title);
    link.appendChild(mark);
    marks.appendChild(link);
  });
}());
