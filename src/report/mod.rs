//! The report of an archive (or of one profile) as one self-contained HTML file: the manifest as
//! tables, a flame graph and the top functions of every profile, the top functions' share per
//! server side by side, and a timeline when the archive has intervals. Nothing is loaded from the
//! network: styles and scripts are inline, each flame graph is inferno's SVG (search and zoom
//! built in) in an `iframe srcdoc`, so that the graphs' scripts do not meet.
//!
//! Read defensively: the manifest as plain JSON (fields added later are shown, not refused), and
//! a damaged archive is reported up to the damage, problems marked.

mod compare;
mod html;
mod read;
mod timeline;
mod view;

pub use read::{Contents, read_archive};
pub use view::ProfileView;

/// The report of `contents` as one HTML document.
pub fn render(contents: &Contents, title: &str) -> String {
    let views: Vec<ProfileView> = contents
        .profiles
        .iter()
        .map(|(member, profile)| ProfileView::new(member, profile))
        .collect();
    html::document(title, contents, &views)
}
