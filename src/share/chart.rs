//! Inline SVG charts for the HTML report: plain strings, no script, no
//! external resource. Every chart has a `<title>` and a `<desc>` for screen
//! readers, every point a `<title>` with its day and value, and series
//! differ by shape and dash as well as by colour.
//!
//! Points are drawn as `<circle class="pt SERIES">` or `<rect class="pt
//! SERIES">`, one per value, so the number of points is easy to check.

use std::fmt::Write;

use super::html::escape;

/// The drawing box, in SVG units; the SVG scales to the page width.
pub const WIDTH: f64 = 720.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 30.0;

/// How a series' points look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
}

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The CSS class (`mood`, `craving`).
    pub class: &'static str,
    /// The legend name.
    pub name: &'static str,
    pub shape: Shape,
    pub dashed: bool,
    /// (x from 0 to 1, value, the point's tooltip).
    pub points: Vec<(f64, f64, String)>,
}

/// A line chart over a range of days.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub id: &'static str,
    pub title: String,
    pub desc: String,
    pub height: f64,
    pub y_min: f64,
    pub y_max: f64,
    /// Values with a gridline and a label.
    pub y_ticks: Vec<(f64, String)>,
    /// Labels under the x axis: (x from 0 to 1, text).
    pub x_ticks: Vec<(f64, String)>,
    pub series: Vec<Series>,
}

fn f(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

impl LineChart {
    fn x(&self, t: f64) -> f64 {
        LEFT + t.clamp(0.0, 1.0) * (WIDTH - LEFT - RIGHT)
    }

    fn y(&self, v: f64) -> f64 {
        let span = (self.y_max - self.y_min).max(f64::EPSILON);
        let t = ((v - self.y_min) / span).clamp(0.0, 1.0);
        self.height - BOTTOM - t * (self.height - TOP - BOTTOM)
    }

    /// The SVG element.
    pub fn svg(&self) -> String {
        let mut s = String::new();
        let _ = write!(
            s,
            r#"<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-t {id}-d">"#,
            id = self.id,
            w = f(WIDTH),
            h = f(self.height)
        );
        let _ = write!(
            s,
            r#"<title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
            escape(&self.title),
            escape(&self.desc),
            id = self.id
        );
        for (v, label) in &self.y_ticks {
            let y = self.y(*v);
            let _ = write!(
                s,
                r#"<line class="grid" x1="{}" x2="{}" y1="{y}" y2="{y}"/><text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
                f(LEFT),
                f(WIDTH - RIGHT),
                f(LEFT - 6.0),
                f(y + 4.0),
                escape(label),
                y = f(y)
            );
        }
        let base = self.height - BOTTOM;
        let _ = write!(
            s,
            r#"<line class="axis" x1="{}" x2="{}" y1="{b}" y2="{b}"/>"#,
            f(LEFT),
            f(WIDTH - RIGHT),
            b = f(base)
        );
        for (i, (t, label)) in self.x_ticks.iter().enumerate() {
            let anchor = if self.x_ticks.len() > 1 && i == 0 {
                "start"
            } else if self.x_ticks.len() > 1 && i + 1 == self.x_ticks.len() {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                s,
                r#"<text class="tick" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
                f(self.x(*t)),
                f(base + 18.0),
                escape(label)
            );
        }
        for series in &self.series {
            let _ = write!(s, r#"<g class="series {}">"#, series.class);
            if series.points.len() > 1 {
                let pts: Vec<String> = series
                    .points
                    .iter()
                    .map(|(t, v, _)| format!("{},{}", f(self.x(*t)), f(self.y(*v))))
                    .collect();
                let dash = if series.dashed {
                    r#" stroke-dasharray="6 4""#
                } else {
                    ""
                };
                let _ = write!(
                    s,
                    r#"<polyline class="line {}" points="{}"{dash}/>"#,
                    series.class,
                    pts.join(" ")
                );
            }
            for (t, v, tip) in &series.points {
                let (x, y) = (self.x(*t), self.y(*v));
                match series.shape {
                    Shape::Circle => {
                        let _ = write!(
                            s,
                            r#"<circle class="pt {}" cx="{}" cy="{}" r="3.5"><title>{}</title></circle>"#,
                            series.class,
                            f(x),
                            f(y),
                            escape(tip)
                        );
                    }
                    Shape::Square => {
                        let _ = write!(
                            s,
                            r#"<rect class="pt {}" x="{}" y="{}" width="7" height="7"><title>{}</title></rect>"#,
                            series.class,
                            f(x - 3.5),
                            f(y - 3.5),
                            escape(tip)
                        );
                    }
                }
            }
            s.push_str("</g>");
        }
        s.push_str("</svg>");
        s
    }
}

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// The whole bar.
    pub value: f64,
    /// The part of it drawn solid (e.g. urges that passed); the rest is
    /// drawn as an outline.
    pub solid: Option<f64>,
    pub tip: String,
}

/// Vertical bars, one per label (weeks).
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let height = 200.0;
    let max = bars.iter().map(|b| b.value).fold(1.0_f64, f64::max);
    let top = max.ceil();
    let plot_w = WIDTH - LEFT - RIGHT;
    let slot = plot_w / bars.len().max(1) as f64;
    let bar_w = (slot * 0.6).min(48.0);
    let y = |v: f64| height - BOTTOM - (v / top).clamp(0.0, 1.0) * (height - TOP - BOTTOM);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc>"#,
        f(WIDTH),
        f(height),
        escape(title),
        escape(desc)
    );
    // Whole numbers only: these are counts.
    let mid = (top / 2.0).floor();
    let ticks: Vec<f64> = if mid > 0.0 && mid < top {
        vec![0.0, mid, top]
    } else {
        vec![0.0, top]
    };
    for v in ticks {
        let _ = write!(
            s,
            r#"<line class="grid" x1="{}" x2="{}" y1="{y}" y2="{y}"/><text class="tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            f(LEFT),
            f(WIDTH - RIGHT),
            f(LEFT - 6.0),
            f(y(v) + 4.0),
            f(v),
            y = f(y(v))
        );
    }
    let every = (bars.len() / 8).max(1);
    for (i, b) in bars.iter().enumerate() {
        let cx = LEFT + slot * (i as f64 + 0.5);
        let x = cx - bar_w / 2.0;
        let solid = b.solid.unwrap_or(b.value).min(b.value);
        let _ = write!(s, r#"<g class="bar"><title>{}</title>"#, escape(&b.tip));
        if b.value > solid {
            let _ = write!(
                s,
                r#"<rect class="rest" x="{}" y="{}" width="{}" height="{}"/>"#,
                f(x),
                f(y(b.value)),
                f(bar_w),
                f(y(solid) - y(b.value))
            );
        }
        let _ = write!(
            s,
            r#"<rect class="pt solid" x="{}" y="{}" width="{}" height="{}"/>"#,
            f(x),
            f(y(solid)),
            f(bar_w),
            f(y(0.0) - y(solid))
        );
        s.push_str("</g>");
        if i % every == 0 {
            let _ = write!(
                s,
                r#"<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                f(cx),
                f(height - BOTTOM + 18.0),
                escape(&b.label)
            );
        }
    }
    let _ = write!(
        s,
        r#"<line class="axis" x1="{}" x2="{}" y1="{b}" y2="{b}"/></svg>"#,
        f(LEFT),
        f(WIDTH - RIGHT),
        b = f(y(0.0))
    );
    s
}

/// One streak on a clock's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// 0 to 1 along the clock's whole history.
    pub from: f64,
    pub to: f64,
    pub label: String,
    /// Written on the bar when it is wide enough (`16 d`).
    pub short: String,
    pub current: bool,
}

/// A clock's streaks as bars along one line; a gap-free row, each new start
/// a new bar.
pub fn timeline(id: &str, title: &str, spans: &[Span], first: &str, last: &str) -> String {
    let height = 64.0;
    let plot_w = WIDTH - 2.0 * RIGHT;
    let x = |t: f64| RIGHT + t.clamp(0.0, 1.0) * plot_w;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" id="{id}" viewBox="0 0 {} {}" role="img" aria-labelledby="{id}-t"><title id="{id}-t">{}</title>"#,
        f(WIDTH),
        f(height),
        escape(title)
    );
    for sp in spans {
        let (x0, x1) = (x(sp.from), x(sp.to));
        let w = (x1 - x0 - 2.0).max(2.0);
        let class = if sp.current {
            "pt streak now"
        } else {
            "pt streak"
        };
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{}" y="8" width="{}" height="24" rx="3"><title>{}</title></rect>"#,
            f(x0 + 1.0),
            f(w),
            escape(&sp.label)
        );
        if w >= 36.0 {
            let _ = write!(
                s,
                r#"<text class="bar-label" x="{}" y="24" text-anchor="middle">{}</text>"#,
                f(x0 + 1.0 + w / 2.0),
                escape(&sp.short)
            );
        }
    }
    let _ = write!(
        s,
        r#"<text class="tick" x="{}" y="52" text-anchor="start">{}</text><text class="tick" x="{}" y="52" text-anchor="end">{}</text></svg>"#,
        f(RIGHT),
        escape(first),
        f(WIDTH - RIGHT),
        escape(last)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(points: usize) -> LineChart {
        LineChart {
            id: "c",
            title: "Mood <&>".into(),
            desc: "d".into(),
            height: 200.0,
            y_min: 1.0,
            y_max: 5.0,
            y_ticks: vec![(1.0, "1".into()), (5.0, "5".into())],
            x_ticks: vec![(0.0, "a".into()), (1.0, "b".into())],
            series: vec![Series {
                class: "mood",
                name: "Mood",
                shape: Shape::Circle,
                dashed: false,
                points: (0..points)
                    .map(|i| (i as f64 / 10.0, 1.0 + i as f64 % 5.0, format!("p{i}")))
                    .collect(),
            }],
        }
    }

    #[test]
    fn one_marker_per_point_and_a_line_between_them() {
        let svg = chart(7).svg();
        assert_eq!(svg.matches(r#"class="pt mood""#).count(), 7);
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains("Mood &lt;&amp;&gt;"), "{svg}");
        // A single point has no line.
        assert_eq!(chart(1).svg().matches("<polyline").count(), 0);
    }

    #[test]
    fn values_map_into_the_plot_and_outliers_are_clamped() {
        let c = chart(0);
        assert_eq!(c.y(1.0), 200.0 - BOTTOM);
        assert_eq!(c.y(5.0), TOP);
        assert_eq!(c.y(50.0), TOP);
        assert_eq!(c.x(0.0), LEFT);
        assert_eq!(c.x(1.0), WIDTH - RIGHT);
    }

    #[test]
    fn bars_split_into_solid_and_outlined() {
        let bars = vec![
            Bar {
                label: "w1".into(),
                value: 4.0,
                solid: Some(3.0),
                tip: "t".into(),
            },
            Bar {
                label: "w2".into(),
                value: 2.0,
                solid: None,
                tip: "t".into(),
            },
        ];
        let svg = bar_chart("b", "t", "d", &bars);
        assert_eq!(svg.matches(r#"class="pt solid""#).count(), 2);
        assert_eq!(svg.matches(r#"class="rest""#).count(), 1);
    }
}
