//! A handbook as a flat list of entities, each a list of named fields, ready to compare.
//!
//! Fields come from the raw types (`model::raw`), serialized by serde: whatever field a file
//! format gains is compared without touching this file, and what follows from other entities
//! (a value's roles, a track's default competencies) is not, as SPEC §3 asks. A field whose
//! value is a mapping is compared key by key (`expectations.<competency>`, `extra.<key>`).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value as Json;

use super::side::Side;
use crate::model::urls;

/// What kind of entity, in the order changes are reported (the ladder first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum EntityKind {
    /// A competency of `ladder.yaml`.
    Competency,
    /// A track of `ladder.yaml`.
    Track,
    /// A level of a track (`track/level`).
    Level,
    /// A core value.
    Value,
    /// A role profile.
    Role,
    /// A hiring stage.
    Stage,
    /// `leaving.yaml` as a whole.
    Leaving,
    /// A free page.
    Page,
    /// `handbook.yaml`, and the fields of `values.yaml`, `ladder.yaml` and `hiring.yaml`
    /// outside their lists (their introductions).
    Settings,
}

impl EntityKind {
    /// The name used in JSON and messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            EntityKind::Competency => "competency",
            EntityKind::Track => "track",
            EntityKind::Level => "level",
            EntityKind::Value => "value",
            EntityKind::Role => "role",
            EntityKind::Stage => "stage",
            EntityKind::Leaving => "leaving",
            EntityKind::Page => "page",
            EntityKind::Settings => "settings",
        }
    }
}

/// One entity of one side.
#[derive(Clone, Debug)]
pub(crate) struct Entity {
    /// Its kind.
    pub(crate) kind: EntityKind,
    /// Its id: `track/level` for levels, the page path without `.md` for pages (`index` for the
    /// home page), the file name for settings.
    pub(crate) id: String,
    /// Its name or title, for people.
    pub(crate) label: String,
    /// Its page on the site (site-root-relative), if it has one.
    pub(crate) url: Option<String>,
    /// The file it is written in.
    pub(crate) file: String,
    /// Its position in its side, for reporting in handbook order.
    pub(crate) order: usize,
    /// Its fields in the file's order; mappings flattened to `field.key`. Shared, so a change
    /// can hold a page body without copying it.
    pub(crate) fields: Fields,
    /// True when only some fields could be read (a page whose front matter doesn't parse):
    /// only the fields both sides have are compared.
    pub(crate) partial: bool,
}

impl Entity {
    /// The value of field `name` (`null` when absent).
    pub(crate) fn field(&self, name: &str) -> &Json {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&Json::Null, |(_, v)| v)
    }

    /// The shared value of field `name`, `null` when absent.
    pub(crate) fn shared(&self, name: &str) -> Arc<Json> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| Arc::new(Json::Null), |(_, v)| v.clone())
    }
}

/// An entity's fields: names and values.
pub(crate) type Fields = Vec<(String, Arc<Json>)>;

/// The fields of a raw value, `skip` left out, mappings flattened one level.
fn fields_of<T: Serialize>(raw: &T, skip: &[&str]) -> Fields {
    // Through serde_yaml, whose mappings keep the declaration order (serde_json's sort).
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::to_value(raw) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        if skip.contains(&key) {
            continue;
        }
        let value = serde_json::to_value(&value).unwrap_or(Json::Null);
        match value {
            Json::Object(inner) => {
                for (k, v) in inner {
                    out.push((format!("{key}.{k}"), Arc::new(v)));
                }
            }
            value => out.push((key.to_string(), Arc::new(value))),
        }
    }
    out
}

fn is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::Array(a) => a.is_empty(),
        Json::String(s) => s.is_empty(),
        _ => false,
    }
}

/// Collects entities in handbook order.
struct Collector {
    out: Vec<Entity>,
}

impl Collector {
    fn push(
        &mut self,
        kind: EntityKind,
        id: String,
        url: Option<String>,
        file: &str,
        fields: Fields,
    ) {
        let label = ["name", "title"]
            .iter()
            .find_map(|f| fields.iter().find(|(n, _)| n == f))
            .and_then(|(_, v)| v.as_str())
            .unwrap_or(&id)
            .to_string();
        let order = self.out.len();
        self.out.push(Entity {
            kind,
            id,
            label,
            url,
            file: file.to_string(),
            order,
            fields,
            partial: false,
        });
    }

    /// A settings entity for a file's own fields, when it has any.
    fn settings(&mut self, file: &str, fields: Fields) {
        if fields.iter().any(|(_, v)| !is_empty(v)) {
            self.push(EntityKind::Settings, file.to_string(), None, file, fields);
        }
    }
}

/// Every entity of `side`.
pub(crate) fn entities(side: &Side) -> Vec<Entity> {
    let raw = &side.raw;
    let rel = |file| side.sources.get(file).rel.as_str();
    let mut c = Collector { out: Vec::new() };
    if let Some(p) = &raw.ladder {
        let file = rel(p.file);
        c.settings(file, fields_of(&p.raw, &["competencies", "tracks"]));
        for comp in &p.raw.competencies {
            let fields = fields_of(comp, &["id"]);
            let url = Some(urls::competency(&comp.id));
            c.push(EntityKind::Competency, comp.id.clone(), url, file, fields);
        }
        for track in &p.raw.tracks {
            let mut fields = fields_of(track, &["id", "levels"]);
            // The levels' order is the track's own; the levels themselves are entities.
            let order: Vec<Json> = track.levels.iter().map(|l| l.id.clone().into()).collect();
            fields.push(("levels".into(), Arc::new(Json::Array(order))));
            let url = Some(urls::track(&track.id));
            c.push(EntityKind::Track, track.id.clone(), url, file, fields);
            for level in &track.levels {
                let id = format!("{}/{}", track.id, level.id);
                let url = Some(urls::level(&track.id, &level.id));
                c.push(EntityKind::Level, id, url, file, fields_of(level, &["id"]));
            }
        }
    }
    if let Some(p) = &raw.values {
        let file = rel(p.file);
        c.settings(file, fields_of(&p.raw, &["values"]));
        for v in &p.raw.values {
            let url = Some(urls::value(&v.id));
            c.push(
                EntityKind::Value,
                v.id.clone(),
                url,
                file,
                fields_of(v, &["id"]),
            );
        }
    }
    let mut roles: Vec<(String, &str, Fields)> = raw
        .roles
        .iter()
        .map(|p| {
            let file = rel(p.file);
            let id = p.raw.id.clone().unwrap_or_else(|| role_stem(file).into());
            (id, file, fields_of(&p.raw, &["id"]))
        })
        .collect();
    roles.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, file, fields) in roles {
        let url = Some(urls::role(&id));
        c.push(EntityKind::Role, id, url, file, fields);
    }
    if let Some(p) = &raw.hiring {
        let file = rel(p.file);
        c.settings(file, fields_of(&p.raw, &["stages"]));
        for s in &p.raw.stages {
            let url = Some(urls::stage(&s.id));
            c.push(
                EntityKind::Stage,
                s.id.clone(),
                url,
                file,
                fields_of(s, &["id"]),
            );
        }
    }
    if let Some(p) = &raw.leaving {
        let fields = fields_of(&p.raw, &[]);
        let url = Some(urls::LEAVING.to_string());
        c.push(
            EntityKind::Leaving,
            "leaving".into(),
            url,
            rel(p.file),
            fields,
        );
    }
    pages(side, &mut c);
    if let Some(p) = &raw.config {
        c.settings(rel(p.file), fields_of(&p.raw, &[]));
    }
    c.out
}

/// The pages with a file, in navigation order: front matter fields, then `body`.
fn pages(side: &Side, c: &mut Collector) {
    let raw_pages: HashMap<_, _> = side.raw.pages.iter().map(|p| (p.file, p)).collect();
    for page in &side.handbook.pages {
        let Some(raw) = page.file.and_then(|f| raw_pages.get(&f)) else {
            continue;
        };
        let source = side.sources.get(raw.file);
        let mut partial = false;
        let mut fields = match &raw.front {
            Some(front) => fields_of(&front.raw, &[]),
            None if side.has_errors(raw.file) => {
                partial = true;
                Vec::new()
            }
            None => fields_of(&crate::model::raw::RawFrontMatter::default(), &[]),
        };
        let body = source.text.get(raw.body_start..).unwrap_or("");
        fields.push(("body".into(), Arc::new(body.into())));
        let id = if page.id.is_empty() {
            "index".to_string()
        } else {
            page.id.clone()
        };
        c.push(
            EntityKind::Page,
            id,
            Some(page.url.clone()),
            &source.rel,
            fields,
        );
        let entity = c.out.last_mut().expect("just pushed");
        entity.label = page.title.clone();
        entity.partial = partial;
    }
}

/// A role file's id when it has no `id:`: its name without `.yaml`/`.yml`.
fn role_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}
