//! SVG charts, written once: bars, a line, a progress ring and a funnel. They
//! take plain numbers (for drawing only; money is formatted elsewhere from
//! decimals) and scale to their container.

use leptos::prelude::*;

/// One group of bars, e.g. a currency with "won" and "open" values.
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    pub label: String,
    pub values: Vec<f64>,
}

fn nice_max(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|s| s * magnitude >= max)
        .unwrap_or(10.0);
    step * magnitude
}

pub fn compact(value: f64) -> String {
    let (scaled, unit) = match value.abs() {
        v if v >= 1_000_000.0 => (value / 1_000_000.0, "M"),
        v if v >= 1_000.0 => (value / 1_000.0, "k"),
        _ => (value, ""),
    };
    // 2.5k keeps its half rather than reading as 2k; past 100 a tenth is noise.
    if scaled.abs() >= 100.0 || (scaled - scaled.round()).abs() < 0.05 {
        format!("{scaled:.0}{unit}")
    } else {
        format!("{scaled:.1}{unit}")
    }
}

#[component]
pub fn BarChart(
    groups: Vec<BarGroup>,
    series: Vec<&'static str>,
    #[prop(into)] title: String,
) -> impl IntoView {
    let (width, height, left, bottom) = (560.0, 220.0, 48.0, 28.0);
    let max = nice_max(
        groups
            .iter()
            .flat_map(|g| g.values.iter().copied())
            .fold(0.0, f64::max),
    );
    let plot_height = height - bottom - 8.0;
    let group_width = (width - left) / groups.len().max(1) as f64;
    let bar_width = (group_width * 0.7 / series.len().max(1) as f64).min(48.0);
    let ticks: Vec<f64> = (0..=4).map(|i| max * i as f64 / 4.0).collect();
    let aria = title.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=aria>
            <title>{title}</title>
            {ticks.into_iter().map(|t| {
                let y = 8.0 + plot_height - t / max * plot_height;
                view! {
                    <line class="grid-line" x1=left x2=width y1=y y2=y/>
                    <text x=left - 6.0 y=y + 4.0 text-anchor="end">{compact(t)}</text>
                }
            }).collect_view()}
            {groups.iter().enumerate().map(|(gi, group)| {
                let x0 = left + gi as f64 * group_width + group_width * 0.15;
                view! {
                    {group.values.iter().enumerate().map(|(si, value)| {
                        let h = value / max * plot_height;
                        let class = if si == 0 { "bar" } else { "bar secondary" };
                        view! {
                            <rect class=class x=x0 + si as f64 * bar_width y=8.0 + plot_height - h width=bar_width - 4.0 height=h rx="3">
                                <title>{format!("{} {}: {}", group.label, series.get(si).copied().unwrap_or(""), compact(*value))}</title>
                            </rect>
                        }
                    }).collect_view()}
                    <text x=x0 + bar_width * series.len() as f64 / 2.0 y=height - 8.0 text-anchor="middle">{group.label.clone()}</text>
                }
            }).collect_view()}
        </svg>
    }
}

#[component]
pub fn LineChart(points: Vec<(String, f64)>, #[prop(into)] title: String) -> impl IntoView {
    let (width, height, left, bottom) = (560.0, 200.0, 48.0, 28.0);
    let max = nice_max(points.iter().map(|p| p.1).fold(0.0, f64::max));
    let plot_height = height - bottom - 8.0;
    let step = (width - left) / (points.len().max(2) - 1) as f64;
    let path: String = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            let (x, y) = (
                left + i as f64 * step,
                8.0 + plot_height - v / max * plot_height,
            );
            format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
        })
        .collect();
    let aria = title.clone();
    view! {
        <svg class="chart" viewBox=format!("0 0 {width} {height}") role="img" aria-label=aria>
            <title>{title}</title>
            <line class="grid-line" x1=left x2=width y1=8.0 + plot_height y2=8.0 + plot_height/>
            <path class="line" d=path/>
            {points.iter().enumerate().map(|(i, (label, _))| view! {
                <text x=left + i as f64 * step y=height - 8.0 text-anchor="middle">{label.clone()}</text>
            }).collect_view()}
        </svg>
    }
}

/// A ring filled to `percent` (0..=100, more is shown as full), label inside.
#[component]
pub fn ProgressRing(
    percent: f64,
    #[prop(into)] label: String,
    #[prop(into)] caption: String,
) -> impl IntoView {
    let radius = 52.0;
    let circumference = 2.0 * std::f64::consts::PI * radius;
    let filled = circumference * percent.clamp(0.0, 100.0) / 100.0;
    let aria = format!("{caption}: {label}");
    view! {
        <svg class="ring" viewBox="0 0 128 128" role="img" aria-label=aria>
            <circle class="ring-track" cx="64" cy="64" r=radius fill="none" stroke-width="12"/>
            <circle class="ring-value" cx="64" cy="64" r=radius fill="none" stroke-width="12"
                stroke-dasharray=format!("{filled:.1} {circumference:.1}") transform="rotate(-90 64 64)"/>
            <text class="ring-label" x="64" y="64" text-anchor="middle" dominant-baseline="central">{label}</text>
        </svg>
    }
}

/// Stages from widest to narrowest, each bar as wide as its share of the first.
#[component]
pub fn Funnel(steps: Vec<(String, f64)>) -> impl IntoView {
    let first = steps
        .first()
        .map(|s| s.1)
        .filter(|v| *v > 0.0)
        .unwrap_or(1.0);
    view! {
        <div class="funnel">
            {steps.into_iter().map(|(label, value)| {
                let width = (value / first * 100.0).clamp(2.0, 100.0);
                view! {
                    <div class="funnel-step" style=format!("--width: {width:.1}%")>
                        <span>{label}</span>
                        <strong>{compact(value)}</strong>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maxima_are_round_numbers_above_the_data() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(87.0), 100.0);
        assert_eq!(nice_max(334_550.0), 500_000.0);
        assert_eq!(nice_max(1200.0), 2000.0);
        assert_eq!(compact(334_550.0), "335k");
        assert_eq!(compact(2_500.0), "2.5k");
        assert_eq!(compact(14_000.0), "14k");
        assert_eq!(compact(1_300_000.0), "1.3M");
        assert_eq!(compact(3_000_000.0), "3M");
        assert_eq!(compact(40.0), "40");
    }
}
